import { authorize, rulesFor, uncoveredRules } from "../rbac/index.js";
import type { PolicyRule, RbacObjects, RoleBindingObject, RoleObject, UserInfo } from "../rbac/types.js";
import type { KubeObject } from "../store/types.js";
import { qualifiedResource, type ResourceType } from "../resources/resource-types.js";
import { ApiError } from "./api-error.js";
import { EMBEDDED_GROUP } from "../../domain/kind-catalogue.js";

const RBAC_GROUP = "rbac.authorization.k8s.io";

function describeRule(rule: PolicyRule): string {
  const parts = [
    rule.apiGroups ? `APIGroups:${JSON.stringify(rule.apiGroups)}` : "",
    rule.resources ? `Resources:${JSON.stringify(rule.resources)}` : "",
    rule.resourceNames?.length ? `ResourceNames:${JSON.stringify(rule.resourceNames)}` : "",
    rule.nonResourceURLs ? `NonResourceURLs:${JSON.stringify(rule.nonResourceURLs)}` : "",
    `Verbs:${JSON.stringify(rule.verbs)}`,
  ];
  return `{${parts.filter((p) => p !== "").join(", ")}}`;
}

/**
 * Kubernetes' RBAC escalation prevention, checked on every create and update of an RBAC object:
 * a Role or ClusterRole may only hold permissions its author holds (in the Role's namespace, or
 * cluster-wide) unless the author may `escalate` roles; a binding may only grant a role whose
 * permissions the author holds unless the author may `bind` that role. Otherwise 403 Forbidden
 * listing the permissions not held. A CustomPromotionStep (this server's kind) needs cluster-admin
 * rights: its command runs as the control plane's own process. Other types pass unchecked.
 */
export function preventEscalation(rbac: RbacObjects, user: UserInfo, type: ResourceType, object: KubeObject): void {
  if (type.group === EMBEDDED_GROUP && type.resource === "custompromotionsteps") return requireClusterAdmin(rbac, user, type, object);
  if (type.group !== RBAC_GROUP) return;
  const name = object.metadata.name ?? "";
  const namespace = type.namespaced ? object.metadata.namespace : undefined;
  let requested: readonly PolicyRule[];
  if (type.resource === "roles" || type.resource === "clusterroles") {
    const escalate = { verb: "escalate", group: RBAC_GROUP, resource: type.resource, name, ...(namespace ? { namespace } : {}) };
    if (authorize(rbac, user, escalate).allowed) return;
    requested = (object as unknown as RoleObject).rules ?? [];
  } else {
    const roleRef = (object as unknown as RoleBindingObject).roleRef ?? { kind: "", name: "" };
    const isRole = roleRef.kind === "Role";
    const bind = { verb: "bind", group: RBAC_GROUP, resource: isRole ? "roles" : "clusterroles", name: roleRef.name, ...(namespace ? { namespace } : {}) };
    if (authorize(rbac, user, bind).allowed) return;
    const role = isRole ? (namespace ? rbac.getRole(namespace, roleRef.name) : undefined) : rbac.getClusterRole(roleRef.name);
    requested = role?.rules ?? [];
  }
  const missing = uncoveredRules(rulesFor(rbac, user, namespace), requested);
  if (missing.length === 0) return;
  throw new ApiError(
    403,
    "Forbidden",
    `${qualifiedResource(type)} "${name}" is forbidden: user "${user.username}" (groups=${JSON.stringify(user.groups)}) is attempting to grant RBAC permissions not currently held:\n${missing.map(describeRule).join("\n")}`,
    { name, group: RBAC_GROUP, kind: type.resource },
  );
}

/** 403 unless `user` holds every verb on every resource cluster-wide (a `*` rule, as cluster-admin). */
function requireClusterAdmin(rbac: RbacObjects, user: UserInfo, type: ResourceType, object: KubeObject): void {
  if (authorize(rbac, user, { verb: "*", group: "*", resource: "*" }).allowed) return;
  const name = object.metadata.name ?? "";
  throw new ApiError(
    403,
    "Forbidden",
    `${qualifiedResource(type)} "${name}" is forbidden: user "${user.username}" (groups=${JSON.stringify(user.groups)}) needs cluster-admin rights (all verbs on all resources) to register a custom promotion step, whose command runs as the control plane's own process`,
    { name, group: type.group, kind: type.resource },
  );
}
