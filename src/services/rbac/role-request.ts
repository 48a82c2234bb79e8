import { Code, ConnectError } from "@connectrpc/connect";
import type { ResourceDetails } from "../../../gen/kargo/api/v1/rbac_service_pb.js";
import { validateResource } from "../../rbac/index.js";
import { requireField } from "../common/index.js";

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
