import { create } from "@bufbuild/protobuf";
import type { HandlerContext } from "@connectrpc/connect";
import type { CreateProjectRequest, CreateProjectResponse } from "../../../gen/kargo/api/v1/project_service_pb.js";
import { CreateProjectResponseSchema } from "../../../gen/kargo/api/v1/project_service_pb.js";
import { ProjectSchema } from "../../../gen/kargo/api/v1/project_pb.js";
import { actorFor } from "../../auth/actor-for.js";
import { identityKey } from "../../auth/identity-context.js";
import { CREATE_ACTOR_ANNOTATION, CREATED_BY_CLAIMS_ANNOTATION } from "../../domain/well-known-keys.js";
import { RESOURCES, toMessage } from "../../kube/index.js";
import { requireField, validateDnsLabel } from "../common/index.js";
import type { ServiceDeps } from "../create-services.js";
import { creatorClaims } from "../../auth/creator-claims.js";

/**
 * ProjectService.CreateProject: creates the cluster-scoped Project object. Kargo has no typed
 * create (clients send a manifest); the rest follows as on a real cluster: admission (Kargo's
 * project webhook, or the embedded one) creates the labelled Namespace, the controller the
 * default roles. The annotations record the creator so that it becomes the project's admin:
 * `kargo.akuity.io/create-actor` (Kargo's) and, for OIDC users, `kargo.akuity.io/created-by-claims`
 * (ours: the identity's own claims — username claim, email, sub — never group claims, which
 * would make a whole group admin).
 *
 * INVALID_ARGUMENT for an empty or non-DNS-label name; ALREADY_EXISTS when taken (Kubernetes 409).
 */
export function createProject(deps: Pick<ServiceDeps, "kube">) {
  return async function createProject(req: CreateProjectRequest, context: HandlerContext): Promise<CreateProjectResponse> {
    const name = requireField(req.name, "name");
    validateDnsLabel(name, "name");
    const identity = context.values.get(identityKey);
    const annotations: Record<string, string> = { [CREATE_ACTOR_ANNOTATION]: actorFor(identity) };
    const claims = creatorClaims(identity);
    if (claims !== undefined) annotations[CREATED_BY_CLAIMS_ANNOTATION] = JSON.stringify(claims);
    const created = await deps.kube.create(RESOURCES.projects, { metadata: { name, annotations } }, { signal: context.signal });
    return create(CreateProjectResponseSchema, { project: toMessage(ProjectSchema, created) });
  };
}
