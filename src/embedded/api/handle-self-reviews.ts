import type { Reply, ApiDeps, ResourceRequest } from "./api-context.js";
import { decodeObject } from "./decode-object.js";

/**
 * POST selfsubjectrulesreviews (authorization.k8s.io/v1, `kubectl auth can-i --list`): the
 * caller's RBAC rules in spec.namespace, split into resource and non-resource rules as Kubernetes
 * reports them. RBAC rules are complete, so `incomplete` is false.
 */
export async function handleSelfSubjectRulesReview(deps: ApiDeps, request: ResourceRequest): Promise<Reply> {
  const review = decodeObject(request.type, request.path, await request.object());
  const namespace = ((review["spec"] ?? {}) as { namespace?: string }).namespace || undefined;
  const rules = deps.rulesFor(request.user, namespace);
  return {
    code: 201,
    body: {
      ...review,
      status: {
        resourceRules: rules
          .filter((rule) => (rule.resources?.length ?? 0) > 0)
          .map((rule) => ({
            verbs: rule.verbs,
            apiGroups: rule.apiGroups ?? [],
            resources: rule.resources ?? [],
            ...(rule.resourceNames?.length ? { resourceNames: rule.resourceNames } : {}),
          })),
        nonResourceRules: rules
          .filter((rule) => (rule.nonResourceURLs?.length ?? 0) > 0)
          .map((rule) => ({ verbs: rule.verbs, nonResourceURLs: rule.nonResourceURLs })),
        incomplete: false,
      },
    },
  };
}

/** POST selfsubjectreviews (authentication.k8s.io/v1, `kubectl auth whoami`): who the caller is. */
export async function handleSelfSubjectReview(_deps: ApiDeps, request: ResourceRequest): Promise<Reply> {
  const review = decodeObject(request.type, request.path, await request.object());
  const { username, groups, uid } = request.user;
  return { code: 201, body: { ...review, status: { userInfo: { username, groups, ...(uid ? { uid } : {}) } } } };
}
