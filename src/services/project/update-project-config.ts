import { create, toJson, type JsonObject } from "@bufbuild/protobuf";
import type { HandlerContext } from "@connectrpc/connect";
import type { UpdateProjectConfigRequest, UpdateProjectConfigResponse } from "../../../gen/kargo/api/v1/project_service_pb.js";
import { UpdateProjectConfigResponseSchema } from "../../../gen/kargo/api/v1/project_service_pb.js";
import { ProjectConfigSchema, ProjectConfigSpecSchema } from "../../../gen/kargo/api/v1/project_pb.js";
import { RESOURCES, toMessage } from "../../kube/index.js";
import { requireMessage, requireProject, upsertConfigSpec } from "../common/index.js";
import type { ServiceDeps } from "../create-services.js";

/** The spec fields ProjectConfigSpec models: the ones this RPC owns and replaces. */
const OWNED_SPEC_FIELDS = ["promotionPolicies", "webhookReceivers", "freightLinks", "stageLinks", "promotionWindows"] as const;

/**
 * ProjectService.UpdateProjectConfig: sets the spec of the project's ProjectConfig (named after
 * the project), creating it when missing. An existing object gets a merge patch of the spec
 * fields the message models — each replaced, an empty list removes it — so spec fields of a newer
 * Kargo, metadata and status survive (upsertConfigSpec). `resource_version` makes the patch
 * conditional (ABORTED when stale). NOT_FOUND when the project is missing; INVALID_ARGUMENT
 * without a spec.
 */
export function updateProjectConfig(deps: Pick<ServiceDeps, "caches" | "kube">) {
  return async function updateProjectConfig(req: UpdateProjectConfigRequest, context: HandlerContext): Promise<UpdateProjectConfigResponse> {
    const project = await requireProject(deps, req.project);
    const spec = toJson(ProjectConfigSpecSchema, requireMessage(req.spec, "spec")) as JsonObject;
    const written = await upsertConfigSpec(
      deps,
      { type: RESOURCES.projectconfigs, namespace: project, name: project, spec, ownedFields: OWNED_SPEC_FIELDS, resourceVersion: req.resourceVersion },
      context.signal,
    );
    return create(UpdateProjectConfigResponseSchema, { projectConfig: toMessage(ProjectConfigSchema, written) });
  };
}
