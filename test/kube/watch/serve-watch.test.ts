import { create } from "@bufbuild/protobuf";
import { Code, ConnectError, createClient, createRouterTransport, type Client } from "@connectrpc/connect";
import { StageSchema } from "../../../gen/kargo/api/v1/stage_pb.js";
import { StageService, WatchStagesResponseSchema } from "../../../gen/kargo/api/v1/stage_service_pb.js";
import { WatchEventType } from "../../../gen/kargo/api/v1/watch_pb.js";
import { createKubeCaches, type KubeCaches } from "../../../src/kube/cache/kube-caches.js";
import { createKubeClient, type KubeClient } from "../../../src/kube/kube-client.js";
import { RESOURCES } from "../../../src/kube/kargo-resources.js";
import { toMessage } from "../../../src/kube/to-message.js";
import { serveWatch, watchEventType } from "../../../src/kube/watch/serve-watch.js";
import { createWatchHub, type WatchHub } from "../../../src/kube/watch/watch-hub.js";
import { useEmbeddedControlPlane } from "../../embedded/support/use-embedded-control-plane.js";
import { NO_HEARTBEAT_MS } from "../../support/no-watch-heartbeats.js";
import { createProjectNamespace, stageObject } from "../support/project-namespace.js";
import { eventually } from "../../support/eventually.js";

describe("serveWatch behind a Connect handler", () => {
  // A short history, so that a version can be older than both the ring and the Kubernetes API's history.
  const fixture = useEmbeddedControlPlane({ historyLimit: 2 });
  let kube: KubeClient;
  let caches: KubeCaches;
  let hub: WatchHub;
  let stages: Client<typeof StageService>;

  beforeAll(async () => {
    caches = createKubeCaches(fixture.kubeConfig(), { ringSize: 2 });
    // Tests expect particular messages in turn: no heartbeat BOOKMARK may come in between.
    hub = createWatchHub(caches, { heartbeatMs: NO_HEARTBEAT_MS });
    kube = createKubeClient(fixture.kubeConfig(), { caches });
    await caches.start([RESOURCES.stages]);
    await createProjectNamespace(kube, "demo");
    await kube.create(RESOURCES.stages, stageObject("demo", "test"));
    await kube.create(RESOURCES.stages, stageObject("demo", "uat"));
    // A WatchStages handler as a service would write it: a few lines around serveWatch.
    const transport = createRouterTransport(({ service }) =>
      service(StageService, {
        async *watchStages(request, context) {
          yield* serveWatch(
            hub,
            {
              type: RESOURCES.stages,
              namespace: request.project,
              resourceVersion: request.resourceVersion,
              ...(request.name ? { filter: (s) => s.metadata.name === request.name } : {}),
            },
            context.signal,
            (e) =>
              create(WatchStagesResponseSchema, {
                type: watchEventType(e.type),
                stage: e.object && toMessage(StageSchema, e.object),
                resourceVersion: e.resourceVersion,
              }),
          );
        },
      }),
    );
    stages = createClient(StageService, transport);
  });

  afterAll(() => caches.stop());

  it("streams the snapshot, the BOOKMARK and live changes as WatchStagesResponse messages", async () => {
    const controller = new AbortController();
    const received: string[] = [];
    const stream = stages.watchStages({ project: "demo" }, { signal: controller.signal });
    for await (const message of stream) {
      received.push(`${WatchEventType[message.type]} ${message.stage?.metadata?.name ?? ""}`.trim());
      expect(message.resourceVersion).not.toBe("");
      if (message.type === WatchEventType.BOOKMARK)
        await kube.mergePatch(RESOURCES.stages, { namespace: "demo", name: "uat" }, { metadata: { labels: { touched: "yes" } } });
      if (message.type === WatchEventType.MODIFIED) {
        expect(message.stage?.metadata?.labels).toEqual({ touched: "yes" });
        break;
      }
    }
    expect(received).toEqual(["ADDED test", "ADDED uat", "BOOKMARK", "MODIFIED uat"]);
    // A client that is done hangs up (the HTTP stream closes), which aborts the handler's signal.
    controller.abort();
    await eventually(() => hub.subscriberCount(RESOURCES.stages) === 0);
  });

  it("removes the subscriber when the client cancels", async () => {
    const controller = new AbortController();
    const stream = stages.watchStages({ project: "demo", name: "test" }, { signal: controller.signal });
    const iterator = stream[Symbol.asyncIterator]();
    expect((await iterator.next()).value?.stage?.metadata?.name).toBe("test");
    expect(hub.subscriberCount(RESOURCES.stages)).toBe(1);
    controller.abort();
    await iterator.next().catch(() => undefined);
    await eventually(() => hub.subscriberCount(RESOURCES.stages) === 0);
  });

  it("ends with OUT_OF_RANGE when the resource_version is older than the Kubernetes API's history", async () => {
    const old = caches.cache(RESOURCES.stages).resourceVersion;
    // More changes than the ring (2) and the history (2, trimmed in steps) hold.
    for (let i = 0; i < 6; i++) await kube.mergePatch(RESOURCES.stages, { namespace: "demo", name: "test" }, { metadata: { annotations: { n: String(i) } } });
    let error: unknown;
    try {
      for await (const _ of stages.watchStages({ project: "demo", resourceVersion: old })) {
        // nothing arrives
      }
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConnectError);
    expect((error as ConnectError).code).toBe(Code.OutOfRange);
  });
});
