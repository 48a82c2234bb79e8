import { create } from "@bufbuild/protobuf";
import type { HandlerContext } from "@connectrpc/connect";
import type { UpdateStageRequest, UpdateStageResponse } from "../../../gen/kargo/api/v1/stage_service_pb.js";
import { UpdateStageResponseSchema } from "../../../gen/kargo/api/v1/stage_service_pb.js";
import { StageSchema } from "../../../gen/kargo/api/v1/stage_pb.js";
import { RESOURCES, toMessage } from "../../kube/index.js";
import { getForWrite, requireField, requireMessage, requireProject } from "../common/index.js";
import type { ServiceDeps } from "../create-services.js";
import { stageSpecPatch } from "./stage-spec-json.js";
import { validateStageSpec } from "./validate-stage-spec.js";

/**
 * StageService.UpdateStage: replaces the spec fields StageSpec models with one merge patch;
 * metadata, status and unmodelled spec fields stay. NOT_FOUND when missing; ABORTED when
 * `resource_version` is set and stale.
 */
export function updateStage(deps: Pick<ServiceDeps, "caches" | "kube">) {
  return async function updateStage(req: UpdateStageRequest, context: HandlerContext): Promise<UpdateStageResponse> {
    const project = await requireProject(deps, req.project);
    const name = requireField(req.name, "name");
    const spec = requireMessage(req.spec, "spec");
    validateStageSpec(spec, name);
    // Checked first so that a missing Stage is NOT_FOUND even with a resource_version.
    await getForWrite(deps, RESOURCES.stages, project, name, context.signal);
    const updated = await deps.kube.mergePatch(RESOURCES.stages, { namespace: project, name }, stageSpecPatch(spec), {
      signal: context.signal,
      ...(req.resourceVersion !== "" ? { resourceVersion: req.resourceVersion } : {}),
    });
    return create(UpdateStageResponseSchema, { stage: toMessage(StageSchema, updated) });
  };
}
