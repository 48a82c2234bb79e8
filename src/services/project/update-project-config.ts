import { create, toJson, type JsonObject } from "@bufbuild/protobuf";
import { Code, ConnectError, type HandlerContext } from "@connectrpc/connect";
import type { UpdateProjectConfigRequest, UpdateProjectConfigResponse } from "../../../gen/kargo/api/v1/project_service_pb.js";
import { UpdateProjectConfigResponseSchema } from "../../../gen/kargo/api/v1/project_service_pb.js";
import { ProjectConfigSchema, ProjectConfigSpecSchema } from "../../../gen/kargo/api/v1/project_pb.js";
import { RESOURCES, toMessage, type KubeObject } from "../../kube/index.js";
import { requireMessage, requireProject } from "../common/index.js";
import type { ServiceDeps } from "../create-services.js";

/** The spec fields ProjectConfigSpec models: the ones this RPC owns and replaces. */
const OWNED_SPEC_FIELDS = ["promotionPolicies", "webhookReceivers", "freightLinks", "stageLinks"] as const;

/**
 * ProjectService.UpdateProjectConfig: sets the spec of the project's ProjectConfig (named after
 * the project), creating it when missing. An existing object gets a merge patch of the spec
 * fields the message models — each replaced, an empty list removes it — so spec fields of a newer
 * Kargo, metadata and status survive. `resource_version` makes the patch conditional (ABORTED
 * when stale). NOT_FOUND when the project is missing; INVALID_ARGUMENT without a spec.
 */
export function updateProjectConfig(deps: Pick<ServiceDeps, "caches" | "kube">) {
  return async function updateProjectConfig(req: UpdateProjectConfigRequest, context: HandlerContext): Promise<UpdateProjectConfigResponse> {
    const project = await requireProject(deps, req.project);
    const spec = toJson(ProjectConfigSpecSchema, requireMessage(req.spec, "spec")) as JsonObject;
    const cache = deps.caches.cache(RESOURCES.projectconfigs);
    await cache.synced;
    let written: KubeObject | undefined;
    if (cache.get(project, project) === undefined) {
      written = await createConfig(deps, project, spec, req.resourceVersion, context.signal);
    }
    written ??= await deps.kube.mergePatch(RESOURCES.projectconfigs, { namespace: project, name: project }, { spec: ownedSpecPatch(spec) }, {
      signal: context.signal,
      ...(req.resourceVersion !== "" ? { resourceVersion: req.resourceVersion } : {}),
    });
    return create(UpdateProjectConfigResponseSchema, { projectConfig: toMessage(ProjectConfigSchema, written) });
  };
}

/** Creates the ProjectConfig; undefined when another writer created it first (then patch it). */
async function createConfig(deps: Pick<ServiceDeps, "kube">, project: string, spec: JsonObject, resourceVersion: string, signal: AbortSignal) {
  if (resourceVersion !== "") {
    // A version of an object that does not exist cannot be current.
    throw new ConnectError(`project config "${project}" in project "${project}" does not exist at resource_version ${resourceVersion}`, Code.Aborted);
  }
  try {
    return await deps.kube.create(RESOURCES.projectconfigs, { metadata: { name: project, namespace: project }, spec }, { signal });
  } catch (error) {
    if (error instanceof ConnectError && error.code === Code.AlreadyExists) return undefined;
    throw error;
  }
}

function ownedSpecPatch(spec: JsonObject): Record<string, unknown> {
  return Object.fromEntries(OWNED_SPEC_FIELDS.map((field) => [field, spec[field] ?? null]));
}
