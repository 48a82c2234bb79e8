import { create } from "@bufbuild/protobuf";
import type { HandlerContext } from "@connectrpc/connect";
import { AnalysisTemplateSchema } from "../../../gen/kargo/api/v1/analysis_pb.js";
import type { GetClusterAnalysisTemplateRequest, GetClusterAnalysisTemplateResponse } from "../../../gen/kargo/api/v1/stage_service_pb.js";
import { GetClusterAnalysisTemplateResponseSchema } from "../../../gen/kargo/api/v1/stage_service_pb.js";
import { RESOURCES } from "../../kube/index.js";
import { requireField, typedOrRaw } from "../common/index.js";
import type { ServiceDeps } from "../create-services.js";
import { requireRollouts } from "./require-rollouts.js";

/** StageService.GetClusterAnalysisTemplate: one ClusterAnalysisTemplate, typed or raw. NOT_FOUND when missing. */
export function getClusterAnalysisTemplate(deps: Pick<ServiceDeps, "kube" | "discovery">) {
  return async function getClusterAnalysisTemplate(
    req: GetClusterAnalysisTemplateRequest,
    context: HandlerContext,
  ): Promise<GetClusterAnalysisTemplateResponse> {
    const name = requireField(req.name, "name");
    await requireRollouts(deps);
    const template = await deps.kube.get(RESOURCES.clusteranalysistemplates, { name }, { signal: context.signal });
    return create(GetClusterAnalysisTemplateResponseSchema, {
      result: typedOrRaw(RESOURCES.clusteranalysistemplates, template, req.format, AnalysisTemplateSchema, "clusterAnalysisTemplate"),
    });
  };
}
