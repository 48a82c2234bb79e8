import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Watch } from "@kubernetes/client-node";
import { ProjectService } from "../../../gen/kargo/api/v1/project_service_pb.js";
import { WarehouseService, type WatchWarehousesResponse } from "../../../gen/kargo/api/v1/warehouse_service_pb.js";
import { WatchEventType } from "../../../gen/kargo/api/v1/watch_pb.js";
import { startKargoStack, type KargoStack } from "../../support/use-kargo-stack.js";

const project = "restart";

/** `TYPE name@version`, for comparing streams event by event. */
type Step = string;

/**
 * The API server restarts (a deploy) on the same embedded data directory: a watch resumed from a
 * version read before the restart gets exactly the changes after it — those made before the
 * restart, replayed from the Kubernetes API's history, then live ones — with no snapshot, no gap
 * and no duplicate, instead of OUT_OF_RANGE and a relist.
 */
describe("a watch resumed across an API server restart", () => {
  let dataDir = "";
  let first: KargoStack | undefined;
  let second: KargoStack | undefined;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), "kargo-restart-"));
  });
  afterAll(async () => {
    await first?.close();
    await second?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  const warehouse = (stack: KargoStack, name: string) =>
    stack
      .client(WarehouseService)
      .createWarehouse({ project, name, spec: { freightCreationPolicy: "Manual", subscriptions: [{ image: { repoUrl: `registry.example.org/${name}` } }] } });

  it("is served from the Kubernetes API's history, then live: no snapshot, no gap, no duplicate", async () => {
    first = await startKargoStack({ dataDir });
    await first.client(ProjectService).createProject({ name: project });
    await warehouse(first, "before");

    // A client watches, reads the snapshot's BOOKMARK, and keeps its version.
    const abortFirst = new AbortController();
    let from = "";
    for await (const event of first.client(WarehouseService).watchWarehouses({ project }, { signal: abortFirst.signal })) {
      if (event.type === WatchEventType.BOOKMARK) {
        from = event.resourceVersion;
        break;
      }
    }
    abortFirst.abort();
    expect(from).not.toBe("");

    // Changes while the client is away, then the deploy.
    await warehouse(first, "while-away");
    await first.client(WarehouseService).deleteWarehouse({ project, name: "before" });
    await first.close();
    first = undefined;
    second = await startKargoStack({ dataDir });
    const stack = second;

    // The Kubernetes API's own account of what happened after `from`, as the reference.
    const reference: Step[] = [];
    const referenceDone = new Promise<void>((resolve, reject) => {
      void new Watch(stack.kubeConfig)
        .watch(
          `/apis/kargo.akuity.io/v1alpha1/namespaces/${project}/warehouses`,
          { resourceVersion: from },
          (type: string, object: { metadata: { name: string; resourceVersion: string } }) => {
            reference.push(`${type} ${object.metadata.name}@${object.metadata.resourceVersion}`);
            if (type === "ADDED" && object.metadata.name === "after-restart") resolve();
          },
          (error: unknown) => (error ? reject(error) : undefined),
        )
        .then((controller) => referenceDone.finally(() => controller.abort()));
    });

    const abort = new AbortController();
    const resumed: Step[] = [];
    const stream = (async () => {
      for await (const event of stack
        .client(WarehouseService)
        .watchWarehouses({ project, resourceVersion: from }, { signal: abort.signal }) as AsyncIterable<WatchWarehousesResponse>) {
        if (event.type === WatchEventType.BOOKMARK) continue;
        resumed.push(`${WatchEventType[event.type]} ${event.warehouse?.metadata?.name}@${event.resourceVersion}`);
        if (event.type === WatchEventType.ADDED && event.warehouse?.metadata?.name === "after-restart") return;
      }
    })();
    await warehouse(stack, "after-restart");
    await stream;
    abort.abort();
    await referenceDone;

    expect(resumed).toEqual(reference);
    const names = resumed.map((s) => s.split("@")[0]);
    expect(names).toContain("ADDED while-away");
    expect(names).toContain("DELETED before");
    // No snapshot: "before" existed at `from` and is never re-added.
    expect(names).not.toContain("ADDED before");
    const versions = resumed.map((s) => BigInt(s.split("@")[1]!));
    expect(versions.every((v, i) => i === 0 || v > versions[i - 1]!)).toBe(true);
    expect(versions[0]! > BigInt(from)).toBe(true);
  }, 120_000);
});
