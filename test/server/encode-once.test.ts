import { fromBinary, fromJsonString, toBinary, toJsonString, type DescMethod, type DescService, type JsonValue, type Message } from "@bufbuild/protobuf";
import { PatchStrategy, setHeaderOptions } from "@kubernetes/client-node";
import { request as httpRequest } from "node:http";
import { gunzipSync } from "node:zlib";
import { ClusterConfigService } from "../../gen/kargo/api/v1/cluster_config_service_pb.js";
import { ConfigMapService } from "../../gen/kargo/api/v1/config_map_service_pb.js";
import { CredentialsService } from "../../gen/kargo/api/v1/credentials_service_pb.js";
import { FreightService } from "../../gen/kargo/api/v1/freight_service_pb.js";
import { ProjectService } from "../../gen/kargo/api/v1/project_service_pb.js";
import { PromotionService } from "../../gen/kargo/api/v1/promotion_service_pb.js";
import { PromotionTaskService } from "../../gen/kargo/api/v1/promotion_task_service_pb.js";
import { RbacService } from "../../gen/kargo/api/v1/rbac_service_pb.js";
import { StageService, type WatchStagesResponse } from "../../gen/kargo/api/v1/stage_service_pb.js";
import { WarehouseService } from "../../gen/kargo/api/v1/warehouse_service_pb.js";
import { WatchEventType } from "../../gen/kargo/api/v1/watch_pb.js";
import { fixtures } from "../services/common/fixtures.js";
import { rawRpc, rawRpcCases, type RawRpcCase } from "../support/raw-rpc.js";
import { useKargoStack } from "../support/use-kargo-stack.js";

// Issue 18: binary responses are assembled from each object's cached encoding
// (src/server/interceptors/encode-once-interceptor.ts). What a client receives must not change: on
// every protocol, format and HTTP version, the bytes of every list and watch RPC are exactly
// toBinary / toJsonString of the message the handler made. Connect unary JSON responses are spliced
// from each object's cached JSON (src/server/encoding/spliced-json.ts) and checked the same way. The
// reference is the gRPC JSON answer (enveloped JSON never takes a cached path), read back into a
// message.

const stack = useKargoStack();
const PROJECT = "enc";
const SECRET = "s3cr3t-value-never-on-the-wire";

interface RpcCase {
  readonly service: DescService;
  readonly method: string;
  readonly request: JsonValue;
}

const list = (service: DescService, method: string, request: JsonValue = { project: PROJECT }): RpcCase => ({ service, method, request });

/** Every list and watch RPC of the API (WatchPromotion is below: it needs a Promotion). */
const rpcs: readonly RpcCase[] = [
  list(ClusterConfigService, "WatchClusterConfig", {}),
  list(ConfigMapService, "ListConfigMaps"),
  list(CredentialsService, "ListRepoCredentials"),
  list(CredentialsService, "ListGenericCredentials"),
  list(FreightService, "QueryFreight"),
  list(FreightService, "QueryFreight", { project: PROJECT, groupBy: "image_repo" }),
  list(FreightService, "WatchFreight"),
  list(ProjectService, "ListProjects", {}),
  list(ProjectService, "WatchProjectConfig"),
  list(ProjectService, "ListProjectEvents"),
  list(ProjectService, "WatchProjectEvents"),
  list(PromotionService, "ListPromotions"),
  list(PromotionService, "WatchPromotions"),
  list(PromotionTaskService, "ListPromotionTasks"),
  list(PromotionTaskService, "ListClusterPromotionTasks", {}),
  list(RbacService, "ListRoles"),
  list(RbacService, "ListAPITokens"),
  list(StageService, "ListStages"),
  list(StageService, "WatchStages"),
  list(StageService, "ListAnalysisTemplates"),
  list(StageService, "ListClusterAnalysisTemplates", {}),
  list(WarehouseService, "ListWarehouses"),
  list(WarehouseService, "WatchWarehouses"),
  // A Get holding a cached object in a oneof (`stage` / `raw`): the cached path goes into oneofs too.
  list(StageService, "GetStage", { project: PROJECT, name: "a" }),
];

function methodOf(rpc: RpcCase): DescMethod {
  const method = rpc.service.methods.find((m) => m.name === rpc.method);
  if (method === undefined) throw new Error(`${rpc.service.typeName} has no ${rpc.method}`);
  return method;
}

/** A watch event as `call`'s `until` sees it. */
type StreamedEvent = Message & { type?: number };

/**
 * The payloads of one call on `c`: a watch is read until `until` holds for its latest message
 * (default: its first BOOKMARK, the end of the snapshot).
 */
function call(c: RawRpcCase, rpc: RpcCase, until: (last: StreamedEvent) => boolean = (last) => last.type === WatchEventType.BOOKMARK): Promise<Uint8Array[]> {
  const method = methodOf(rpc);
  const input = fromJsonString(method.input, JSON.stringify(rpc.request));
  const stream = method.methodKind === "server_streaming";
  const decode = (p: Uint8Array) => (c.binary ? fromBinary(method.output, p) : fromJsonString(method.output, new TextDecoder().decode(p)));
  return rawRpc(c, {
    baseUrl: stack().baseUrl,
    path: `/${rpc.service.typeName}/${method.name}`,
    token: stack().adminToken,
    request: c.binary ? toBinary(method.input, input) : new TextEncoder().encode(toJsonString(method.input, input)),
    stream,
    until: stream ? (ps) => until(decode(ps[ps.length - 1]) as StreamedEvent) : undefined,
  });
}

const reference = rawRpcCases.find((c) => c.protocol === "grpc" && !c.binary)!;
const sameBytes = (a: readonly Uint8Array[], b: readonly Uint8Array[]) => a.length === b.length && a.every((x, i) => Buffer.from(x).equals(Buffer.from(b[i])));

/**
 * The reference answer and `c`'s answer, taken while the data did not change (the reference is read
 * before and after `c`'s call and must be the same; the embedded controllers may still be writing
 * status right after the fixtures, so a window with a change is taken again).
 */
async function stableAnswers(c: RawRpcCase, rpc: RpcCase): Promise<{ ref: Uint8Array[]; got: Uint8Array[] }> {
  for (;;) {
    const before = await call(reference, rpc);
    const got = await call(c, rpc);
    const after = await call(reference, rpc);
    if (sameBytes(before, after)) return { ref: before, got };
  }
}

beforeAll(async () => {
  const f = fixtures(stack());
  await f.project(PROJECT);
  await f.warehouse(PROJECT, "wh");
  await f.stage(PROJECT, "a");
  await f.stage(PROJECT, "b");
  await f.stage(PROJECT, "c"); // three Stages: ListStages' JSON is over connect-es's 1 KiB compression threshold
  const freight = stack().client(FreightService);
  for (const tag of ["1.0.0", "1.1.0", "2.0.0"]) {
    await freight.createFreight({ project: PROJECT, origin: { kind: "Warehouse", name: "wh" }, images: [{ repoUrl: "ghcr.io/example/app", tag }] });
  }
  await stack()
    .client(ConfigMapService)
    .createConfigMap({ project: PROJECT, name: "settings", data: { colour: "blue" } });
  await stack()
    .client(CredentialsService)
    .createGenericCredentials({ project: PROJECT, name: "token", data: { password: SECRET } });
  await stack().client(ProjectService).updateProjectConfig({ project: PROJECT, spec: {} });
  await stack().client(ClusterConfigService).updateClusterConfig({ spec: {} });
});

describe.each(rpcs.map((rpc) => [`${rpc.service.name}.${rpc.method} ${JSON.stringify(rpc.request)}`, rpc] as const))("%s", (_name, rpc) => {
  const method = methodOf(rpc);

  it.each(rawRpcCases.filter((c) => c !== reference).map((c) => [c.name, c] as const))("%s: the bytes of the uncached message", async (_n, c) => {
    const { ref, got } = await stableAnswers(c, rpc);
    const messages = ref.map((p) => fromJsonString(method.output, new TextDecoder().decode(p)));
    // The reference itself is exactly toJsonString of its message.
    expect(messages.map((m) => toJsonString(method.output, m))).toEqual(ref.map((p) => new TextDecoder().decode(p)));
    const expected = messages.map((m) => (c.binary ? toBinary(method.output, m) : new TextEncoder().encode(toJsonString(method.output, m))));
    expect(got.map((p) => Buffer.from(p).toString("hex"))).toEqual(expected.map((p) => Buffer.from(p).toString("hex")));
    expect(got.some((p) => Buffer.from(p).includes(SECRET))).toBe(false);
  });
});

describe("the data behind the comparisons", () => {
  it("is not empty: Stages, Freight and redacted credentials are in the lists", async () => {
    const binary = rawRpcCases.find((c) => c.binary && c.protocol === "connect" && c.http === "2")!;
    const [stages] = await call(binary, list(StageService, "ListStages"));
    expect(fromBinary(StageService.method.listStages.output, stages).stages.map((s) => s.metadata?.name)).toEqual(["a", "b", "c"]);
    const [freight] = await call(binary, list(FreightService, "QueryFreight"));
    const groups = fromBinary(FreightService.method.queryFreight.output, freight).groups;
    expect(Object.values(groups).reduce((n, g) => n + g.freight.length, 0)).toBe(3);
    const [creds] = await call(binary, list(CredentialsService, "ListGenericCredentials"));
    const listed = fromBinary(CredentialsService.method.listGenericCredentials.output, creds);
    expect(JSON.stringify(toJsonString(CredentialsService.method.listGenericCredentials.output, listed))).toContain("REDACTED");
  });
});

describe("a spliced Connect JSON answer", () => {
  it("is compressed as connect-es would: gzip when accepted and over 1 KiB, the same JSON inside", async () => {
    const rpc = list(StageService, "ListStages");
    const [ref] = await call(reference, rpc);
    const res = await new Promise<{ encoding: string | undefined; body: Buffer }>((resolve, reject) => {
      const url = new URL(`/${StageService.typeName}/ListStages`, stack().baseUrl);
      const req = httpRequest(
        url,
        {
          method: "POST",
          headers: {
            "content-type": "application/json",
            "connect-protocol-version": "1",
            "accept-encoding": "gzip",
            authorization: `Bearer ${stack().adminToken}`,
          },
        },
        (r) => {
          const chunks: Buffer[] = [];
          r.on("data", (c: Buffer) => chunks.push(c))
            .on("end", () => resolve({ encoding: r.headers["content-encoding"], body: Buffer.concat(chunks) }))
            .on("error", reject);
        },
      );
      req.on("error", reject).end(JSON.stringify(rpc.request));
    });
    expect(ref.byteLength).toBeGreaterThanOrEqual(1024);
    expect(res.encoding).toBe("gzip");
    const message = fromJsonString(StageService.method.listStages.output, new TextDecoder().decode(ref));
    expect(gunzipSync(res.body).toString("utf8")).toBe(toJsonString(StageService.method.listStages.output, message));
  });
});

describe("a live watch event", () => {
  // One event reaches every stream through one shared stand-in (src/server/encoding/event-key.ts)
  // and, the streams being past their snapshot, one shared frame written by the HTTP layer
  // (src/server/http/direct-watch-stream.ts; test/server/direct-watch-stream.test.ts compares it
  // with the connect path): each of ten streams open at once, one per transport, gets the same
  // change as the bytes of the uncached message.
  it("reaches every transport's stream as the bytes of the uncached message", async () => {
    const rpc = list(StageService, "WatchStages");
    const method = StageService.method.watchStages;
    const mark = `mark-${Date.now()}`;
    const annotation = "encode-once.test/mark";
    let synced = 0;
    let allSynced = () => {};
    const ready = new Promise<void>((resolve) => (allSynced = resolve));
    const streams = rawRpcCases.map((c) => {
      let sawBookmark = false;
      return call(c, rpc, (event) => {
        const last = event as WatchStagesResponse;
        if (last.type === WatchEventType.BOOKMARK && !sawBookmark) {
          sawBookmark = true;
          if (++synced === rawRpcCases.length) allSynced();
        }
        return last.type === WatchEventType.MODIFIED && last.stage?.metadata?.annotations[annotation] === mark;
      });
    });
    await ready;
    await stack().custom.patchNamespacedCustomObject(
      {
        group: "kargo.akuity.io",
        version: "v1alpha1",
        namespace: PROJECT,
        plural: "stages",
        name: "a",
        body: { metadata: { annotations: { [annotation]: mark } } },
      },
      setHeaderOptions("Content-Type", PatchStrategy.MergePatch),
    );
    const answers = await Promise.all(streams);
    const refAnswer = answers[rawRpcCases.indexOf(reference)]!;
    const event = fromJsonString(method.output, new TextDecoder().decode(refAnswer[refAnswer.length - 1]));
    expect(event.type).toBe(WatchEventType.MODIFIED);
    rawRpcCases.forEach((c, i) => {
      const got = answers[i]![answers[i]!.length - 1]!;
      const expected = c.binary ? toBinary(method.output, event) : new TextEncoder().encode(toJsonString(method.output, event));
      expect([c.name, Buffer.from(got).toString("hex")]).toEqual([c.name, Buffer.from(expected).toString("hex")]);
    });
  });
});
