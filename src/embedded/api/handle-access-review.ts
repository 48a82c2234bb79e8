import { parseServiceAccountUsername, serviceAccountUser } from "../rbac/index.js";
import type { NonResourceAttributes, ResourceAttributes, UserInfo } from "../rbac/types.js";
import { invalid, type ApiError } from "./api-error.js";
import type { ApiDeps, Reply, ResourceRequest } from "./api-context.js";
import { decodeObject } from "./decode-object.js";

interface ReviewSpec {
  user?: string;
  groups?: string[];
  uid?: string;
  resourceAttributes?: Partial<ResourceAttributes> & { version?: string };
  nonResourceAttributes?: Partial<NonResourceAttributes>;
}

/**
 * POST subjectaccessreviews and selfsubjectaccessreviews (authorization.k8s.io/v1): answers
 * whether the subject — spec.user/groups, or the caller for a self review — may do what
 * resourceAttributes or nonResourceAttributes describe, by the same RBAC evaluator that
 * authorizes requests. A ServiceAccount username gets the ServiceAccount groups added, as its
 * token would carry them. The answer is the review with `status {allowed, reason}`, 201 Created.
 */
export async function handleAccessReview(deps: ApiDeps, request: ResourceRequest): Promise<Reply> {
  const review = decodeObject(request.type, request.path, await request.object());
  const spec = (review["spec"] ?? {}) as ReviewSpec;
  const self = request.type.resource === "selfsubjectaccessreviews";
  const subject = self ? request.user : subjectOf(request, spec);
  const attributes = attributesOf(request, spec);
  const decision = deps.authorize(subject, attributes);
  return {
    code: 201,
    body: { ...review, status: { allowed: decision.allowed, ...(decision.reason ? { reason: decision.reason } : {}) } },
  };
}

function invalidReview(request: ResourceRequest, field: string, message: string): ApiError {
  return invalid(request.type, "", [{ reason: "FieldValueRequired", message, field }]);
}

function subjectOf(request: ResourceRequest, spec: ReviewSpec): UserInfo {
  const groups = spec.groups ?? [];
  if (!spec.user && groups.length === 0) throw invalidReview(request, "spec.user", "Required value: at least one of user or group must be specified");
  const account = spec.user ? parseServiceAccountUsername(spec.user) : undefined;
  const implied = account ? serviceAccountUser(account.namespace, account.name).groups : [];
  return {
    username: spec.user ?? "",
    groups: [...new Set([...groups, ...implied])],
    ...(spec.uid ? { uid: spec.uid } : {}),
  };
}

function attributesOf(request: ResourceRequest, spec: ReviewSpec): ResourceAttributes | NonResourceAttributes {
  const resource = spec.resourceAttributes;
  const nonResource = spec.nonResourceAttributes;
  if (resource && nonResource)
    throw invalidReview(request, "spec.resourceAttributes", "Invalid value: cannot be specified in combination with nonResourceAttributes");
  if (nonResource) return { verb: nonResource.verb ?? "", path: nonResource.path ?? "" };
  if (!resource)
    throw invalidReview(request, "spec.resourceAttributes", "Required value: exactly one of nonResourceAttributes or resourceAttributes must be specified");
  return {
    verb: resource.verb ?? "",
    group: resource.group ?? "",
    resource: resource.resource ?? "",
    ...(resource.subresource ? { subresource: resource.subresource } : {}),
    ...(resource.namespace ? { namespace: resource.namespace } : {}),
    ...(resource.name ? { name: resource.name } : {}),
  };
}
