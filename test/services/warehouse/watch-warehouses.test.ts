import { Code } from "@connectrpc/connect";
import { WarehouseService, type WatchWarehousesResponse } from "../../../gen/kargo/api/v1/warehouse_service_pb.js";
import { WatchEventType } from "../../../gen/kargo/api/v1/watch_pb.js";
import { RESOURCES } from "../../../src/kube/index.js";
import { useKargoStack } from "../../support/use-kargo-stack.js";
import { codeOf, fixtures } from "../common/fixtures.js";
import { readWatch } from "../common/watch-reader.js";

const stack = useKargoStack();

const watch = (req: { project: string; name?: string; resourceVersion?: string }) =>
  readWatch<WatchWarehousesResponse>((signal) => stack().client(WarehouseService).watchWarehouses(req, { signal }));
const isBookmark = (m: WatchWarehousesResponse) => m.type === WatchEventType.BOOKMARK;
const summary = (m: WatchWarehousesResponse) => `${WatchEventType[m.type]} ${m.warehouse?.metadata?.name ?? ""}`.trim();
// The embedded Warehouse controller writes status too (discovery, conditions): tests look for the
// events of the object they changed and ignore the controller's MODIFIED events of others.
const about = (name: string) => (m: WatchWarehousesResponse) => m.warehouse?.metadata?.name === name;

beforeAll(async () => {
  const f = fixtures(stack());
  await f.project("demo");
  await f.warehouse("demo", "a");
  await f.warehouse("demo", "b");
});

describe("WarehouseService.WatchWarehouses", () => {
  it("is NOT_FOUND when the project does not exist", async () => {
    expect(await codeOf(watch({ project: "nope" }).next())).toBe(Code.NotFound);
  });

  it("is NOT_FOUND when the named warehouse does not exist", async () => {
    expect(await codeOf(watch({ project: "demo", name: "ghost" }).next())).toBe(Code.NotFound);
  });

  it("starts with ADDED per warehouse, then a BOOKMARK, then live changes", async () => {
    const reader = watch({ project: "demo" });
    try {
      expect((await reader.readUntil(isBookmark)).map(summary)).toEqual(["ADDED a", "ADDED b", "BOOKMARK"]);
      await fixtures(stack()).warehouse("demo", "live");
      expect(summary((await reader.readUntil(about("live"))).at(-1)!)).toBe("ADDED live");
      const token = (await stack().client(WarehouseService).refreshWarehouse({ project: "demo", name: "live" })).warehouse?.metadata?.annotations[
        "kargo.akuity.io/refresh"
      ];
      const refreshed = (await reader.readUntil((m) => about("live")(m) && m.warehouse?.metadata?.annotations["kargo.akuity.io/refresh"] === token)).at(-1)!;
      expect(summary(refreshed)).toBe("MODIFIED live");
    } finally {
      reader.close();
    }
  });

  it("resumes after a resource_version with every later change exactly once", async () => {
    const first = watch({ project: "demo" });
    const resumeAt = (await first.readUntil(isBookmark)).at(-1)!.resourceVersion;
    first.close();
    const f = fixtures(stack());
    await f.warehouse("demo", "r1");
    await f.kube.delete(RESOURCES.warehouses, { namespace: "demo", name: "r1" });
    const resumed = watch({ project: "demo", resourceVersion: resumeAt });
    try {
      const changes = (await resumed.readUntil((m) => about("r1")(m) && m.type === WatchEventType.DELETED)).filter((m) => !isBookmark(m));
      // No snapshot: nothing older than the resume point; every change once, in order.
      expect(changes.some((m) => summary(m) === "ADDED a" || summary(m) === "ADDED b")).toBe(false);
      const r1 = changes.filter(about("r1")).map(summary);
      expect(r1[0]).toBe("ADDED r1");
      expect(r1.at(-1)).toBe("DELETED r1");
      expect(r1.filter((e) => e !== "MODIFIED r1")).toEqual(["ADDED r1", "DELETED r1"]);
      const versions = changes.map((m) => BigInt(m.resourceVersion));
      expect(versions.every((v, i) => i === 0 || v > versions[i - 1]!)).toBe(true);
      expect(BigInt(changes[0]!.resourceVersion) > BigInt(resumeAt)).toBe(true);
    } finally {
      resumed.close();
    }
  });

  it("watches one warehouse by name; its deletion ends in DELETED", async () => {
    await fixtures(stack()).warehouse("demo", "solo");
    const reader = watch({ project: "demo", name: "solo" });
    try {
      expect((await reader.readUntil(isBookmark)).map(summary)).toEqual(["ADDED solo", "BOOKMARK"]);
      await fixtures(stack()).kube.mergePatch(RESOURCES.warehouses, { namespace: "demo", name: "a" }, { metadata: { labels: { z: "1" } } });
      await fixtures(stack()).kube.delete(RESOURCES.warehouses, { namespace: "demo", name: "solo" });
      const seen = (await reader.readUntil((m) => m.type === WatchEventType.DELETED)).filter((m) => !isBookmark(m));
      // Only the named Warehouse's events: "a" changed too but is not watched.
      expect(seen.every(about("solo"))).toBe(true);
      expect(summary(seen.at(-1)!)).toBe("DELETED solo");
    } finally {
      reader.close();
    }
  });
});
