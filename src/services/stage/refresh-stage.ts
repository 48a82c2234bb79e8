import { create } from "@bufbuild/protobuf";
import { Code, ConnectError, type HandlerContext } from "@connectrpc/connect";
import type { RefreshStageRequest, RefreshStageResponse } from "../../../gen/kargo/api/v1/stage_service_pb.js";
import { RefreshStageResponseSchema } from "../../../gen/kargo/api/v1/stage_service_pb.js";
import { StageSchema } from "../../../gen/kargo/api/v1/stage_pb.js";
import { RESOURCES, toMessage } from "../../kube/index.js";
import { refreshObject, requireField, requireProject } from "../common/index.js";
import type { ServiceDeps } from "../create-services.js";

/**
 * StageService.RefreshStage (docs/api-behaviour.md, StageService): merge-patches `kargo.akuity.io/refresh` with a fresh token on
 * the Stage and, as Kargo does, on its current Promotion (one that has gone meanwhile is
 * skipped). The caller needs `patch` on the Stage (Kargo lets anyone refresh); the token changes
 * on every call.
 */
export function refreshStage(deps: Pick<ServiceDeps, "caches" | "kube">) {
  return async function refreshStage(req: RefreshStageRequest, context: HandlerContext): Promise<RefreshStageResponse> {
    const project = await requireProject(deps, req.project);
    const name = requireField(req.name, "name");
    const { stored, refreshed, patch } = await refreshObject(deps, RESOURCES.stages, project, name, context.signal);
    const promotion = (stored["status"] as { currentPromotion?: { name?: string } } | undefined)?.currentPromotion?.name;
    if (promotion) {
      await deps.kube.mergePatch(RESOURCES.promotions, { namespace: project, name: promotion }, patch, { signal: context.signal }).catch((error: unknown) => {
        if (!(error instanceof ConnectError && error.code === Code.NotFound)) throw error;
      });
    }
    return create(RefreshStageResponseSchema, { stage: toMessage(StageSchema, refreshed) });
  };
}
