import { join } from "node:path";
import { openStore, type DurableObjectStore } from "../../../src/embedded/store/open-store.js";
import { isStoreError } from "../../../src/embedded/store/store-error.js";
import { eventLog, stage, stages, useTempDir } from "./store-fixtures.js";

// Group commit (openStore({ groupCommit: true })): the writes of one event-loop turn share one
// transaction, committed on the next turn; they are counted, published and acknowledged
// (durable() resolves) only after that COMMIT. kill -9 durability is in durability.test.ts.
describe("group commit", () => {
  const dir = useTempDir();
  let store: DurableObjectStore | undefined;
  const open = (groupCommit: boolean): DurableObjectStore => (store = openStore({ path: join(dir(), "store.db"), groupCommit }));
  afterEach(() => {
    store?.close();
    store = undefined;
  });

  it("counts and publishes the writes of one turn together, once they are committed", async () => {
    const grouped = open(true);
    const log = eventLog();
    grouped.watch(stages, {}, log.push);
    const before = grouped.currentResourceVersion();
    const written = ["a", "b", "c"].map((name) => grouped.create(stages, stage(name)));
    expect(written.map((object) => Number(object.metadata.resourceVersion))).toEqual([1, 2, 3].map((n) => Number(before) + n));
    // Not committed yet: no event, the counter unchanged.
    expect(log.events).toHaveLength(0);
    expect(grouped.currentResourceVersion()).toBe(before);
    await grouped.durable();
    expect(log.events.map((event) => `${event.type} ${event.object.metadata.name}`)).toEqual(["ADDED a", "ADDED b", "ADDED c"]);
    expect(grouped.currentResourceVersion()).toBe(written[2]!.metadata.resourceVersion);
    // Nothing open: durable() resolves at once and a later write opens a new group.
    await grouped.durable();
    grouped.create(stages, stage("d"));
    await grouped.durable();
    expect(log.events).toHaveLength(4);
  });

  it("keeps the rest of a group when one of its writes fails, and the failed write uses no version", async () => {
    const grouped = open(true);
    const a = grouped.create(stages, stage("a"));
    let failure: unknown;
    try {
      grouped.create(stages, stage("a"));
    } catch (error) {
      failure = error;
    }
    expect(isStoreError(failure) && failure.reason).toBe("AlreadyExists");
    expect(() => grouped.update(stages, { ...a, metadata: { ...a.metadata, resourceVersion: "999" }, spec: { changed: true } })).toThrow(/modified/);
    const b = grouped.create(stages, stage("b"));
    expect(Number(b.metadata.resourceVersion)).toBe(Number(a.metadata.resourceVersion) + 1);
    await grouped.durable();
    grouped.close();

    const reopened = open(false);
    expect(reopened.get(stages, "demo", "a")?.spec).toEqual({ shard: "a" });
    expect(reopened.get(stages, "demo", "b")).toBeDefined();
    expect(reopened.currentResourceVersion()).toBe(b.metadata.resourceVersion);
  });

  it("commits the open group on close(), resolving its waiters", async () => {
    const grouped = open(true);
    grouped.create(stages, stage("x"));
    const acknowledged = grouped.durable();
    grouped.close();
    await expect(acknowledged).resolves.toBeUndefined();
    expect(open(false).get(stages, "demo", "x")).toBeDefined();
  });

  it("commits the open group before a watch starts, so each write is announced once", async () => {
    const grouped = open(true);
    grouped.create(stages, stage("a"));
    const log = eventLog();
    grouped.watch(stages, {}, log.push);
    grouped.create(stages, stage("b"));
    await grouped.durable();
    expect(log.events.map((event) => `${event.type} ${event.object.metadata.name}`)).toEqual(["ADDED a", "ADDED b"]);
  });

  it("commits the open group on commit(), so a read after it is committed and its list version covers every item", async () => {
    const grouped = open(true);
    const log = eventLog();
    grouped.watch(stages, {}, log.push);
    const a = grouped.create(stages, stage("a"));
    // Read on the store's own connection before commit(): the row is there, the version is not.
    expect(Number(grouped.list(stages).resourceVersion)).toBeLessThan(Number(a.metadata.resourceVersion));
    const acknowledged = grouped.durable();
    grouped.commit();
    const listed = grouped.list(stages);
    expect(listed.items.map((item) => item.metadata.name)).toEqual(["a"]);
    expect(listed.resourceVersion).toBe(a.metadata.resourceVersion);
    expect(log.events.map((event) => `${event.type} ${event.object.metadata.name}`)).toEqual(["ADDED a"]);
    await expect(acknowledged).resolves.toBeUndefined();
    // Nothing open: commit() does nothing, and the next write opens a new group.
    grouped.commit();
    const b = grouped.create(stages, stage("b"));
    expect(grouped.currentResourceVersion()).toBe(a.metadata.resourceVersion);
    await grouped.durable();
    expect(grouped.currentResourceVersion()).toBe(b.metadata.resourceVersion);
  });

  it("commits each write before it returns without group commit", async () => {
    const plain = open(false);
    const log = eventLog();
    plain.watch(stages, {}, log.push);
    const a = plain.create(stages, stage("a"));
    expect(log.events).toHaveLength(1);
    expect(plain.currentResourceVersion()).toBe(a.metadata.resourceVersion);
    await expect(plain.durable()).resolves.toBeUndefined();
  });
});
