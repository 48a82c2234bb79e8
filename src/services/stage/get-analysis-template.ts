import { create } from "@bufbuild/protobuf";
import type { HandlerContext } from "@connectrpc/connect";
import { AnalysisTemplateSchema } from "../../../gen/kargo/api/v1/analysis_pb.js";
import type { GetAnalysisTemplateRequest, GetAnalysisTemplateResponse } from "../../../gen/kargo/api/v1/stage_service_pb.js";
import { GetAnalysisTemplateResponseSchema } from "../../../gen/kargo/api/v1/stage_service_pb.js";
import { RESOURCES } from "../../kube/index.js";
import { requireField, requireProject, typedOrRaw } from "../common/index.js";
import type { ServiceDeps } from "../create-services.js";
import { requireRollouts } from "./require-rollouts.js";

/** StageService.GetAnalysisTemplate: one AnalysisTemplate of the project, typed or raw. NOT_FOUND when missing. */
export function getAnalysisTemplate(deps: Pick<ServiceDeps, "caches" | "kube" | "discovery">) {
  return async function getAnalysisTemplate(req: GetAnalysisTemplateRequest, context: HandlerContext): Promise<GetAnalysisTemplateResponse> {
    const project = await requireProject(deps, req.project);
    const name = requireField(req.name, "name");
    await requireRollouts(deps);
    const template = await deps.kube.get(RESOURCES.analysistemplates, { namespace: project, name }, { signal: context.signal });
    return create(GetAnalysisTemplateResponseSchema, {
      result: typedOrRaw(RESOURCES.analysistemplates, template, req.format, AnalysisTemplateSchema, "analysisTemplate"),
    });
  };
}
