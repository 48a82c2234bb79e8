import { create } from "@bufbuild/protobuf";
import type { HandlerContext } from "@connectrpc/connect";
import type { DeleteAnalysisTemplateRequest, DeleteAnalysisTemplateResponse } from "../../../gen/kargo/api/v1/stage_service_pb.js";
import { DeleteAnalysisTemplateResponseSchema } from "../../../gen/kargo/api/v1/stage_service_pb.js";
import { RESOURCES } from "../../kube/index.js";
import { requireField, requireProject } from "../common/index.js";
import type { ServiceDeps } from "../create-services.js";
import { requireRollouts } from "./require-rollouts.js";

/** StageService.DeleteAnalysisTemplate: deletes one AnalysisTemplate of the project. NOT_FOUND from the DELETE itself. */
export function deleteAnalysisTemplate(deps: Pick<ServiceDeps, "caches" | "kube" | "discovery">) {
  return async function deleteAnalysisTemplate(req: DeleteAnalysisTemplateRequest, context: HandlerContext): Promise<DeleteAnalysisTemplateResponse> {
    const project = await requireProject(deps, req.project);
    const name = requireField(req.name, "name");
    await requireRollouts(deps);
    await deps.kube.delete(RESOURCES.analysistemplates, { namespace: project, name }, { signal: context.signal });
    return create(DeleteAnalysisTemplateResponseSchema, {});
  };
}
