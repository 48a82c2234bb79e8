import { Code, ConnectError } from "@connectrpc/connect";
import type { Role } from "../../../gen/kargo/api/v1/role_pb.js";
import type { ResourceDetails } from "../../../gen/kargo/api/v1/rbac_service_pb.js";
import { normalizeRules, validateResource, type NormalizedRule } from "../../rbac/index.js";
import { requireField, requireMessage, requireProject } from "../common/index.js";
import type { RbacDeps } from "./rbac-deps.js";

/**
 * The role of a CreateRole or UpdateRole request with its project (which must exist) and name;
 * INVALID_ARGUMENT naming the field that is missing, NOT_FOUND for a missing project.
 */
export async function requireRole(deps: RbacDeps, role: Role | undefined): Promise<{ role: Role; project: string; name: string }> {
  const given = requireMessage(role, "role");
  const project = await requireProject(deps, given.metadata?.namespace, "role.metadata.namespace");
  return { role: given, project, name: requireField(given.metadata?.name, "role.metadata.name") };
}

/** The rules of a role being written, in Kargo's normal form (custom verbs allowed; INVALID_ARGUMENT naming `role.rules`). */
export function roleRules(deps: RbacDeps, role: Role): Promise<NormalizedRule[]> {
  return normalizeRules(role.rules, { customVerbs: true, field: "role.rules", groupOf: deps.resourceGroups.groupOf });
}

/** The `request` oneof of Grant and Revoke, or INVALID_ARGUMENT when neither is set. */
export function requireGrantOrRevoke<T extends { case: string | undefined }>(request: T): Exclude<T, { case: undefined }> {
  if (request.case === undefined) {
    throw new ConnectError("one of user_claims or resource_details must be provided", Code.InvalidArgument);
  }
  return request as Exclude<T, { case: undefined }>;
}

/** A validated ResourceDetails: resource type (plural), optional name, trimmed non-empty verbs. */
export function requireResourceDetails(details: ResourceDetails): { resource: string; name: string | undefined; verbs: string[] } {
  const resource = requireField(details.resourceType, "resource_details.resource_type");
  validateResource(resource, "resource_details.resource_type");
  const verbs = details.verbs.map((v) => v.trim()).filter((v) => v !== "");
  if (verbs.length === 0) throw new ConnectError("resource_details.verbs should not be empty", Code.InvalidArgument);
  const name = details.resourceName.trim();
  return { resource, name: name === "" ? undefined : name, verbs };
}

/** Claim entries of a UserClaims message, INVALID_ARGUMENT when none has a value. */
export function requireClaims(claims: readonly { name: string; values: readonly string[] }[]): void {
  if (!claims.some((c) => c.name.trim() !== "" && c.values.some((v) => v.trim() !== ""))) {
    throw new ConnectError("user_claims.claims should not be empty", Code.InvalidArgument);
  }
}
