import { create } from "@bufbuild/protobuf";
import type { HandlerContext } from "@connectrpc/connect";
import type { CreateStageRequest, CreateStageResponse } from "../../../gen/kargo/api/v1/stage_service_pb.js";
import { CreateStageResponseSchema } from "../../../gen/kargo/api/v1/stage_service_pb.js";
import { StageSchema } from "../../../gen/kargo/api/v1/stage_pb.js";
import { RESOURCES, toMessage } from "../../kube/index.js";
import { requireField, requireMessage, requireProject, validateDnsSubdomain } from "../common/index.js";
import type { ServiceDeps } from "../create-services.js";
import { stageSpecJson } from "./stage-spec-json.js";
import { validateStageSpec } from "./validate-stage-spec.js";

/**
 * StageService.CreateStage: validates the typed spec (validateStageSpec), builds the Stage and
 * creates it. INVALID_ARGUMENT for a bad name or spec; ALREADY_EXISTS when the name is taken.
 * Upstream Stages and Warehouses need not exist yet (manifests create them in any order).
 */
export function createStage(deps: Pick<ServiceDeps, "caches" | "kube">) {
  return async function createStage(req: CreateStageRequest, context: HandlerContext): Promise<CreateStageResponse> {
    const project = await requireProject(deps, req.project);
    const name = requireField(req.name, "name");
    validateDnsSubdomain(name, "name");
    const spec = requireMessage(req.spec, "spec");
    validateStageSpec(spec, name);
    const created = await deps.kube.create(RESOURCES.stages, { metadata: { name, namespace: project }, spec: stageSpecJson(spec) }, { signal: context.signal });
    return create(CreateStageResponseSchema, { stage: toMessage(StageSchema, created) });
  };
}
