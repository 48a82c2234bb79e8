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
      expect(summary((await reader.readUntil((m) => !isBookmark(m))).at(-1)!)).toBe("ADDED live");
      await stack().client(WarehouseService).refreshWarehouse({ project: "demo", name: "live" });
      const refreshed = (await reader.readUntil((m) => !isBookmark(m))).at(-1)!;
      expect(summary(refreshed)).toBe("MODIFIED live");
      expect(refreshed.warehouse?.metadata?.annotations["kargo.akuity.io/refresh"]).toBeDefined();
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
      const changes = await resumed.readUntil((m) => m.type === WatchEventType.DELETED);
      expect(changes.filter((m) => !isBookmark(m)).map(summary)).toEqual(["ADDED r1", "DELETED r1"]);
      expect(await resumed.quiet(300)).toBe(true);
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
      expect(summary((await reader.readUntil((m) => !isBookmark(m))).at(-1)!)).toBe("DELETED solo");
    } finally {
      reader.close();
    }
  });
});
