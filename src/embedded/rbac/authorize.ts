import { applicableRuleSets } from "./applicable-rule-sets.js";
import { ruleAllows } from "./rule-allows.js";
import type { Decision, NonResourceAttributes, RbacObjects, ResourceAttributes, UserInfo } from "./types.js";

/**
 * Decides a request with Kubernetes RBAC semantics (see `applicableRuleSets` for which bindings
 * count and `ruleAllows` for how a rule matches). RBAC only ever allows: with no matching rule the
 * answer is a denial. The reason names the binding, role and subject that allowed the request, e.g.
 * `RBAC: allowed by RoleBinding "demo/admins" of ClusterRole "kargo-admin" to ServiceAccount "demo:ci"`,
 * or says briefly what was not allowed (and which bindings point at missing roles).
 */
export function authorize(objects: RbacObjects, user: UserInfo, attributes: ResourceAttributes | NonResourceAttributes): Decision {
  // Non-resource URLs are cluster-wide: only ClusterRoleBindings can grant them.
  const namespace = "path" in attributes ? undefined : attributes.namespace;
  const { ruleSets, problems } = applicableRuleSets(objects, user, namespace);
  for (const set of ruleSets) {
    if (set.rules.some((rule) => ruleAllows(rule, attributes))) {
      return { allowed: true, reason: `RBAC: allowed by ${set.description}` };
    }
  }
  const missing = problems.length > 0 ? `; ${problems.join("; ")}` : "";
  return { allowed: false, reason: `RBAC: ${describeRequest(user, attributes)} is not allowed${missing}` };
}

function describeRequest(user: UserInfo, attributes: ResourceAttributes | NonResourceAttributes): string {
  const who = JSON.stringify(user.username);
  if ("path" in attributes) return `${who} ${attributes.verb} ${JSON.stringify(attributes.path)}`;
  const resource =
    (attributes.group ? `${attributes.resource}.${attributes.group}` : attributes.resource) + (attributes.subresource ? `/${attributes.subresource}` : "");
  const name = attributes.name ? ` ${JSON.stringify(attributes.name)}` : "";
  const where = attributes.namespace ? ` in namespace ${JSON.stringify(attributes.namespace)}` : " at cluster scope";
  return `${who} ${attributes.verb} ${resource}${name}${where}`;
}
