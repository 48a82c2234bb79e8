import { create } from "@bufbuild/protobuf";
import type { HandlerContext } from "@connectrpc/connect";
import type { DeleteClusterAnalysisTemplateRequest, DeleteClusterAnalysisTemplateResponse } from "../../../gen/kargo/api/v1/stage_service_pb.js";
import { DeleteClusterAnalysisTemplateResponseSchema } from "../../../gen/kargo/api/v1/stage_service_pb.js";
import { RESOURCES } from "../../kube/index.js";
import { requireField } from "../common/index.js";
import type { ServiceDeps } from "../create-services.js";
import { requireRollouts } from "./require-rollouts.js";

/** StageService.DeleteClusterAnalysisTemplate: deletes one ClusterAnalysisTemplate. NOT_FOUND from the DELETE itself. */
export function deleteClusterAnalysisTemplate(deps: Pick<ServiceDeps, "kube" | "discovery">) {
  return async function deleteClusterAnalysisTemplate(
    req: DeleteClusterAnalysisTemplateRequest,
    context: HandlerContext,
  ): Promise<DeleteClusterAnalysisTemplateResponse> {
    const name = requireField(req.name, "name");
    await requireRollouts(deps);
    await deps.kube.delete(RESOURCES.clusteranalysistemplates, { name }, { signal: context.signal });
    return create(DeleteClusterAnalysisTemplateResponseSchema, {});
  };
}
