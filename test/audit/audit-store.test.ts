import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openAuditStore, type AuditEntry, type AuditStore } from "../../src/audit/audit-store.js";

const entry = (name: string, time = new Date().toISOString(), namespace = "p"): AuditEntry => ({
  time,
  actor: "admin",
  rpc: "kargo.api.v1.StageService/UpdateStage",
  namespace,
  kind: "Stage",
  name,
  code: "ok",
});

describe("openAuditStore", () => {
  let dir = "";
  const opened: AuditStore[] = [];
  const open = (maxRecords: number, maxAgeMs = 3_600_000) => {
    const store = openAuditStore(join(dir, "audit.db"), { maxAgeMs, maxRecords });
    opened.push(store);
    return store;
  };
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "audit-store-"));
  });
  afterEach(() => {
    for (const store of opened.splice(0)) store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("keeps only the newest maxRecords, and says through which id records may be gone", () => {
    const store = open(3);
    for (const name of ["a", "b", "c", "d", "e"]) store.append(entry(name));
    expect(store.list("p", { limit: 10 }).map((r) => r.name)).toEqual(["e", "d", "c"]);
    expect(store.prunedThrough()).toBe(2);
    expect(store.lastSeq()).toBe(5);
    expect(store.since("p", 2, 10).map((r) => r.name)).toEqual(["c", "d", "e"]);
  });

  it("deletes records older than maxAge, on open and on its timer", () => {
    const old = new Date(Date.now() - 7_200_000).toISOString();
    const first = open(100);
    first.append(entry("old", old));
    first.append(entry("new"));
    first.close();
    opened.pop();
    const reopened = open(100);
    expect(reopened.list("p", { limit: 10 }).map((r) => r.name)).toEqual(["new"]);
    // prune(now) is what the timer runs: two hours later the other record is old too.
    reopened.prune(new Date(Date.now() + 7_200_000));
    expect(reopened.list("p", { limit: 10 })).toEqual([]);
    expect(reopened.prunedThrough()).toBe(2);
    // Ids are never reused after deletions.
    expect(reopened.append(entry("later")).seq).toBe(3);
  });

  it("is shared by two processes' handles on one file: ids stay unique and ordered", () => {
    const a = open(100);
    const b = open(100);
    const seqs = [a.append(entry("1")).seq, b.append(entry("2")).seq, a.append(entry("3")).seq];
    expect(seqs).toEqual([1, 2, 3]);
    expect(b.list("p", { limit: 10 }).map((r) => r.name)).toEqual(["3", "2", "1"]);
  });
});
