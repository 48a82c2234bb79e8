import { FreightService } from "../../gen/kargo/api/v1/freight_service_pb.js";
import { PromotionService } from "../../gen/kargo/api/v1/promotion_service_pb.js";
import { StageService } from "../../gen/kargo/api/v1/stage_service_pb.js";
import type { BenchOptions } from "../bench-options.js";
import { freightNameOf, stageName } from "../fixtures/kargo-objects.js";
import { round } from "../load/stats.js";
import { absoluteResult, type ScenarioResult } from "../scenario-result.js";
import { benchClient } from "../stack/bench-transport.js";
import { READ_PROJECT, WATCH_PROJECT, WATCHED_PROMOTION, type BenchStack } from "../stack/start-bench-stack.js";
import type { KubeRequestCount, RouteCount } from "../worker/worker-protocol.js";

function delta(before: RouteCount, after: RouteCount): RouteCount {
  const byRoute: Record<string, number> = {};
  for (const [route, n] of Object.entries(after.byRoute)) {
    const d = n - (before.byRoute[route] ?? 0);
    if (d > 0) byRoute[route] = d;
  }
  return { total: after.total - before.total, byRoute };
}

/**
 * Scenario 6: requests the API server made to the embedded Kubernetes API (counted where they
 * arrive, at its HTTPS listener) during `countedReads` calls of each read RPC as admin, after the
 * caches synced (one call of each first), divided by the number of calls. The floor is the same
 * count over an equally long idle window right after (background: informer re-watches). Requests
 * of the embedded controllers (plain-HTTP listener) are recorded in the detail. Target 0.
 */
export async function kubeRequestsPerRead(stack: BenchStack, options: BenchOptions): Promise<ScenarioResult[]> {
  const stages = benchClient(StageService, stack.kargoUrl, stack.adminToken);
  const freight = benchClient(FreightService, stack.kargoUrl, stack.adminToken);
  const promotions = benchClient(PromotionService, stack.kargoUrl, stack.adminToken);
  const reads: Record<string, () => Promise<unknown>> = {
    GetStage: () => stages.getStage({ project: READ_PROJECT, name: stageName(0) }),
    ListStages: () => stages.listStages({ project: READ_PROJECT, pageSize: 10 }),
    GetFreight: () => freight.getFreight({ project: READ_PROJECT, name: freightNameOf(0) }),
    QueryFreight: () => freight.queryFreight({ project: WATCH_PROJECT }),
    GetPromotion: () => promotions.getPromotion({ project: WATCH_PROJECT, name: WATCHED_PROMOTION }),
    ListPromotions: () => promotions.listPromotions({ project: WATCH_PROJECT }),
    ListImages: () => stages.listImages({ project: READ_PROJECT, pageSize: 10 }),
    GetStageLinks: () => stages.getStageLinks({ project: READ_PROJECT, name: stageName(0) }),
    GetFreightLinks: () => freight.getFreightLinks({ project: READ_PROJECT, name: freightNameOf(0) }),
    QueryFreightStages: () => freight.queryFreight({ project: READ_PROJECT, stages: [stageName(0), stageName(1)] }),
  };
  for (const read of Object.values(reads)) await read();
  await new Promise((r) => setTimeout(r, 200));
  const count = options.sizes.countedReads;
  const before = await stack.kargo.call<KubeRequestCount>("kubeRequests");
  const t0 = performance.now();
  for (let i = 0; i < count; i++) for (const read of Object.values(reads)) await read();
  const elapsed = performance.now() - t0;
  const after = await stack.kargo.call<KubeRequestCount>("kubeRequests");
  const during = delta(before.apiServer, after.apiServer);
  const all = delta(before, after);
  await new Promise((r) => setTimeout(r, elapsed));
  const idle = delta(after.apiServer, (await stack.kargo.call<KubeRequestCount>("kubeRequests")).apiServer);
  const calls = count * Object.keys(reads).length;
  options.log(
    `  6 ${calls} read calls: ${during.total} Kubernetes requests from the API server (${JSON.stringify(during.byRoute)}); idle window: ${idle.total}; all clients incl. controllers: ${all.total}`,
  );
  return [
    absoluteResult(
      {
        scenario: 6,
        name: "Kubernetes requests per read RPC",
        unit: "requests/call",
        value: round(during.total / calls, 4),
        floor: round(idle.total / calls, 4),
        detail: {
          calls,
          rpcs: Object.keys(reads),
          requests: during.total,
          byRoute: during.byRoute,
          idleRequests: idle.total,
          idleByRoute: idle.byRoute,
          allClientsRequests: all.total,
          allClientsByRoute: all.byRoute,
        },
      },
      { equals: 0 },
    ),
  ];
}
