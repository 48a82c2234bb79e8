// Child process for commit-failure.test.ts: opens a group-commit store on argv[2], lowers its own
// file-size limit just above the files' size, and makes one group's COMMIT fail for real (the
// group holds an object larger than the limit, so writing it to the WAL fails with EFBIG). Lists
// with a limit during that group, then reports what the store did after the failure as one JSON
// line on stdout; the parent asserts on it and then reopens the file.
import { limitFileSize } from "../../support/limit-file-size.js";
import { openStore } from "../../../src/embedded/store/open-store.js";
import { stage, stages } from "./store-fixtures.js";

const path = process.argv[2]!;
// A type the store has not seen: the failed group records it, which the file then does not have.
const widgets = { group: "example.com", resource: "widgets", namespaced: true, hasStatus: false };
const widget = (name: string) => ({ apiVersion: "example.com/v1", kind: "Widget", metadata: { namespace: "demo", name } });
const store = openStore({ path, groupCommit: true });
const names = (items: { metadata: { name?: string } }[]): string[] => items.map((item) => item.metadata.name ?? "");
const remaining = () => store.list(stages, { limit: 1 }).remainingItemCount;
/** Whether the open group's writers are told their writes are durable. */
const durableOutcome = (): Promise<string> =>
  store.durable().then(
    () => "resolved",
    () => "rejected",
  );
/** The SQLite error code `run` throws (undefined if it does not). */
const errorCodeOf = (run: () => void): unknown => {
  try {
    run();
    return undefined;
  } catch (error) {
    return (error as { code?: unknown }).code;
  }
};

for (const name of ["s0", "s1", "s2", "s3", "s4"]) store.create(stages, stage(name));
await store.durable();
const events: string[] = [];
store.watch(stages, { resourceVersion: store.currentResourceVersion() }, (event) => events.push(`${event.type} ${event.object.metadata.name}`));
const versionBefore = store.currentResourceVersion();

const limit = limitFileSize([path, `${path}-wal`], 64 * 1024);
// One event-loop turn, so one group: a write too large for the file-size limit, a small one, and
// a Widget, and a page read while they are readable but not committed.
const big = store.create(stages, stage("x-big", { spec: { payload: "x".repeat(2 * limit) } }));
const small = store.create(stages, stage("x-small"));
store.create(widgets, widget("failed"));
const during = store.list(stages, { limit: 1 });
const failed = await Promise.all([store.durable(), store.durable()]).then(
  () => undefined,
  (error: unknown) => ({ code: (error as { code?: unknown }).code, message: (error as Error).message }),
);
const afterFailure = {
  resourceVersion: store.currentResourceVersion(),
  events: [...events],
  stored: names(store.list(stages).items),
  // No list position was counted before the group: a count remembered during it would be used here.
  remaining: remaining(),
  // The continue token issued during the failed group.
  nextPage: (({ items, remainingItemCount }) => ({ items: names(items), remainingItemCount }))(store.list(stages, { limit: 1, continue: during.continue! })),
};
const later = store.create(stages, stage("later"));
store.create(widgets, widget("later"));
let laterError: unknown;
await store.durable().catch((error: unknown) => (laterError = String(error)));
const afterLater = { resourceVersion: store.currentResourceVersion(), events: [...events], remaining: remaining(), laterError };

// Another failing group, this time committed by a watch starting: the watch fails with the
// group's error (the API may have authorized it by the group's rows), so does the group's writer.
store.create(stages, stage("x-again", { spec: { payload: "x".repeat(2 * limit) } }));
const againAcknowledged = durableOutcome();
const watchError = errorCodeOf(() => store.watch(stages, {}, () => undefined));
const watchDuringFailure = {
  watchError,
  acknowledged: await againAcknowledged,
  resourceVersion: store.currentResourceVersion(),
  stored: store.get(stages, "demo", "x-again") !== undefined,
};

// Another failing group, committed by a client's read (the embedded API's GET and LIST call
// commit() before reading): the read fails with the group's error instead of returning its rows.
store.create(stages, stage("x-read", { spec: { payload: "x".repeat(2 * limit) } }));
const readAcknowledged = durableOutcome();
const readError = errorCodeOf(() => store.commit());
const readDuringFailure = {
  readError,
  acknowledged: await readAcknowledged,
  resourceVersion: store.currentResourceVersion(),
  stored: store.get(stages, "demo", "x-read") !== undefined,
};

// A write that fails within the group: an object far larger than SQLite's page cache makes it
// spill pages to the WAL during the write, which fails, and SQLite rolls the whole transaction
// back itself. The group is lost at that moment (its earlier writer is told); the next write opens
// a new group rather than running outside a transaction.
store.create(stages, stage("y-first"));
const firstAcknowledged = durableOutcome();
const spillError = errorCodeOf(() => store.create(stages, stage("y-huge", { spec: { payload: "x".repeat(32 * 1024 * 1024) } })));
const next = store.create(stages, stage("y-next"));
const midGroup = {
  spillError,
  first: await firstAcknowledged,
  next: next.metadata.resourceVersion,
  nextAcknowledged: await durableOutcome(),
  resourceVersion: store.currentResourceVersion(),
  stored: names(store.list(stages).items).filter((name) => name.startsWith("y-")),
};
store.close();

process.stdout.write(
  `${JSON.stringify({
    versionBefore,
    groupVersions: [big.metadata.resourceVersion, small.metadata.resourceVersion],
    during: { items: names(during.items), remainingItemCount: during.remainingItemCount },
    failed,
    afterFailure,
    later: later.metadata.resourceVersion,
    afterLater,
    watchDuringFailure,
    readDuringFailure,
    midGroup,
  })}\n`,
);
