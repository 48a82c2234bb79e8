import { create } from "@bufbuild/protobuf";
import type { GetStageLinksRequest, GetStageLinksResponse } from "../../../gen/kargo/api/v1/stage_service_pb.js";
import { GetStageLinksResponseSchema } from "../../../gen/kargo/api/v1/stage_service_pb.js";
import { RESOURCES } from "../../kube/index.js";
import { evaluateDeepLinks, getCachedOrNotFound, requireField, requireProject } from "../common/index.js";
import type { ServiceDeps } from "../create-services.js";

/**
 * StageService.GetStageLinks: the ClusterConfig's and ProjectConfig's `stageLinks` evaluated for
 * one Stage, from the caches (evaluateDeepLinks; per-link errors). NOT_FOUND when it is missing.
 */
export function getStageLinks(deps: Pick<ServiceDeps, "caches" | "kube">) {
  return async function getStageLinks(req: GetStageLinksRequest): Promise<GetStageLinksResponse> {
    const name = requireField(req.name, "name");
    const project = await requireProject(deps, req.project);
    const stage = await getCachedOrNotFound(deps.caches.cache(RESOURCES.stages), project, name);
    return create(GetStageLinksResponseSchema, { links: await evaluateDeepLinks(deps.caches, project, "stage", stage) });
  };
}
