import Database from "better-sqlite3";

describe("toolchain", () => {
  it("runs the tests on Node 24 with better-sqlite3 loaded", () => {
    expect(Number(process.versions.node.split(".")[0])).toBeGreaterThanOrEqual(24);
    const db = new Database(":memory:");
    expect(db.prepare("select 1 + 1 as two").get()).toEqual({ two: 2 });
    db.close();
  });
});
