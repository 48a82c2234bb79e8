import Database from "better-sqlite3";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { openStore } from "../../../src/embedded/store/open-store.js";
import { runProgram } from "../../support/run-program.js";
import { stages, useTempDir } from "./store-fixtures.js";

const SCRIPT = fileURLToPath(new URL("./commit-failure-process.ts", import.meta.url));

interface Report {
  versionBefore: string;
  groupVersions: string[];
  during: { items: string[]; remainingItemCount?: number };
  failed?: { code: unknown; message: string };
  afterFailure: {
    resourceVersion: string;
    events: string[];
    stored: string[];
    remaining?: number;
    nextPage: { items: string[]; remainingItemCount?: number };
  };
  later: string;
  afterLater: { resourceVersion: string; events: string[]; remaining?: number; laterError?: string };
  watchDuringFailure: { watchError?: string; acknowledged: string; resourceVersion: string; stored: boolean };
  readDuringFailure: { readError?: string; acknowledged: string; resourceVersion: string; stored: boolean };
  midGroup: { spillError?: string; first: string; next: string; nextAcknowledged: string; resourceVersion: string; stored: string[] };
}

// A group commit whose COMMIT fails for real: the store runs in a child process whose file-size
// limit the group's WAL frames exceed (commit-failure-process.ts). The group is undone as a
// whole and the store goes on; no count taken during the group outlives it.
describe("a group commit that fails", () => {
  const dir = useTempDir();

  it("rejects every write of the group, publishes and counts none of them, and the store goes on", async () => {
    const path = join(dir(), "store.db");
    const program = runProgram(process.execPath, ["--import", "tsx", SCRIPT, path], { cwd: process.cwd(), env: { ...process.env } as Record<string, string> });
    let report: Report;
    try {
      const code = await program.exited;
      expect([code, program.stdout()]).toEqual([0, expect.stringMatching(/\n$/)]);
      report = JSON.parse(program.stdout()) as Report;
    } finally {
      program.kill();
    }

    const before = Number(report.versionBefore);
    // The group's writes returned versions (they are not durable yet).
    expect(report.groupVersions).toEqual([String(before + 1), String(before + 2)]);
    // Read during the group: its rows are visible on the store's own connection.
    expect(report.during).toEqual({ items: ["s0"], remainingItemCount: 6 });
    // Both writers of the group are told (durable() rejects with SQLite's I/O error).
    expect(report.failed).toEqual({ code: "SQLITE_IOERR_WRITE", message: "disk I/O error" });
    expect(report.afterFailure).toEqual({
      resourceVersion: report.versionBefore,
      events: [],
      stored: ["s0", "s1", "s2", "s3", "s4"],
      // Exact: not the count of the group's rows remembered while they were readable.
      remaining: 4,
      // The token issued during the group carried no count that included its rows.
      nextPage: { items: ["s1"], remainingItemCount: 3 },
    });
    // A later write works and takes the next version after the last committed one.
    // (and a Widget after it, in the same group).
    expect(report.later).toBe(String(before + 1));
    expect(report.afterLater).toEqual({ resourceVersion: String(before + 2), events: ["ADDED later"], remaining: 5 });

    // A watch that commits a failing group (watch() commits the open group first) fails with it:
    // the API authorized the watch against data that may have included the group's rows.
    expect(report.watchDuringFailure).toEqual({
      watchError: "SQLITE_IOERR_WRITE",
      acknowledged: "rejected",
      resourceVersion: String(before + 2),
      stored: false,
    });

    // So does a client's read that commits it first (commit()): it answers the error, not the rows.
    expect(report.readDuringFailure).toEqual({
      readError: "SQLITE_IOERR_WRITE",
      acknowledged: "rejected",
      resourceVersion: String(before + 2),
      stored: false,
    });

    // A write that fails inside the group and takes SQLite's transaction with it: the group is
    // failed there and then; the next write is a new group with the next version, committed.
    expect(report.midGroup).toEqual({
      spillError: "SQLITE_IOERR_WRITE",
      first: "rejected",
      next: String(before + 3),
      nextAcknowledged: "resolved",
      resourceVersion: String(before + 3),
      stored: ["y-next"],
    });

    // The file: intact, without the failed group, with the later write and its version.
    const db = new Database(path);
    try {
      expect(db.pragma("integrity_check", { simple: true })).toBe("ok");
      // The Widget type, first recorded by the failed group, was recorded again by the later write
      // (the garbage collector needs it to delete Widgets after a restart).
      expect(db.prepare("SELECT grp || '/' || resource FROM types WHERE grp = 'example.com'").pluck().all()).toEqual(["example.com/widgets"]);
    } finally {
      db.close();
    }
    const store = openStore({ path });
    try {
      expect(store.list(stages).items.map((item) => item.metadata.name)).toEqual(["later", "s0", "s1", "s2", "s3", "s4", "y-next"]);
      expect(store.currentResourceVersion()).toBe(String(before + 3));
    } finally {
      store.close();
    }
  });
});
