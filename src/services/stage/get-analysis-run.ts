import { create } from "@bufbuild/protobuf";
import type { HandlerContext } from "@connectrpc/connect";
import { AnalysisRunSchema } from "../../../gen/kargo/api/v1/analysis_pb.js";
import type { GetAnalysisRunRequest, GetAnalysisRunResponse } from "../../../gen/kargo/api/v1/stage_service_pb.js";
import { GetAnalysisRunResponseSchema } from "../../../gen/kargo/api/v1/stage_service_pb.js";
import { RESOURCES } from "../../kube/index.js";
import { requireField, requireProject, typedOrRaw } from "../common/index.js";
import type { ServiceDeps } from "../create-services.js";
import { requireRollouts } from "./require-rollouts.js";

/**
 * StageService.GetAnalysisRun: one AnalysisRun, named by `namespace` (the project, as Kargo's
 * request names it) and `name`, typed or raw — its phase, message and every measurement.
 */
export function getAnalysisRun(deps: Pick<ServiceDeps, "caches" | "kube" | "discovery">) {
  return async function getAnalysisRun(req: GetAnalysisRunRequest, context: HandlerContext): Promise<GetAnalysisRunResponse> {
    const namespace = await requireProject(deps, req.namespace, "namespace");
    const name = requireField(req.name, "name");
    await requireRollouts(deps);
    const run = await deps.kube.get(RESOURCES.analysisruns, { namespace, name }, { signal: context.signal });
    return create(GetAnalysisRunResponseSchema, { result: typedOrRaw(RESOURCES.analysisruns, run, req.format, AnalysisRunSchema, "analysisRun") });
  };
}
