import { Code, ConnectError } from "@connectrpc/connect";
import type { AccessAttributes } from "../../auth/authorization/access-attributes.js";
import { RESOURCES, type KubeObject } from "../../kube/index.js";
import { assertPolicyRulesHeld, type PolicyRuleJson } from "../../rbac/index.js";
import { roleKey, type ApplyCall } from "./apply-call.js";
import type { ManifestObject } from "./manifest-object.js";

const RBAC = "rbac.authorization.k8s.io";

/**
 * A Role or ClusterRole: the caller holds every rule in its namespace (cluster-wide for a
 * ClusterRole), or holds `escalate` on it (always needed for an aggregated ClusterRole) —
 * Kubernetes' own rule, which a real cluster would apply to the server's identity instead of the
 * caller's, since the server writes with its credentials.
 */
export async function assertRoleAllowed(call: ApplyCall, object: ManifestObject): Promise<void> {
  const resource = object.type.kind === "Role" ? "roles" : "clusterroles";
  const escalate: AccessAttributes = { verb: "escalate", group: RBAC, resource, ...namespaceOf(object), name: object.name };
  if (await call.check(escalate)) return;
  const what = `${object.type.noun} "${object.name}"`;
  // An aggregated ClusterRole takes the rules of every ClusterRole its selectors match, now and
  // later: nothing to compare with, so Kubernetes demands `escalate` for it, and so do we.
  if (object.object["aggregationRule"] !== undefined && object.object["aggregationRule"] !== null) {
    throw new ConnectError(`${what}: an aggregated cluster role needs the escalate permission on clusterroles`, Code.PermissionDenied);
  }
  await assertPolicyRulesHeld(call.check, object.namespace, rulesOf(object.object), what);
}

/**
 * A RoleBinding or ClusterRoleBinding: `bind` on the referenced role, or the caller holds that
 * role's rules where the binding applies (Kubernetes' rule). The role is read with the server's
 * credentials; one that appears later in the same manifest is judged by its manifest rules. A role
 * that exists nowhere cannot be judged: PERMISSION_DENIED unless `bind` is held.
 */
export async function assertBindingAllowed(call: ApplyCall, object: ManifestObject): Promise<void> {
  const roleRef = (object.object["roleRef"] ?? {}) as { kind?: string; name?: string };
  const roleKind = roleRef.kind === "ClusterRole" ? "ClusterRole" : "Role";
  const roleName = roleRef.name ?? "";
  const what = `${object.type.noun} "${object.name}"`;
  const bind: AccessAttributes = {
    verb: "bind",
    group: RBAC,
    resource: roleKind === "Role" ? "roles" : "clusterroles",
    ...namespaceOf(object),
    ...(roleName !== "" ? { name: roleName } : {}),
  };
  if (await call.check(bind)) return;
  const rules = await roleRules(call, roleKind, object.namespace, roleName);
  if (rules === undefined) {
    throw new ConnectError(
      `${what}: cannot bind ${roleKind === "Role" ? "role" : "cluster role"} "${roleName}": it does not exist and bind is not permitted`,
      Code.PermissionDenied,
    );
  }
  await assertPolicyRulesHeld(call.check, object.namespace, rules, what);
}

/**
 * Whoever is mapped onto a ServiceAccount (claims annotations) or holds its token acts with every
 * permission bound to it: the caller must hold those too — the RoleBindings of its namespace
 * (reviewed there) and the ClusterRoleBindings (reviewed cluster-wide) naming it.
 */
export async function assertServiceAccountPowersHeld(call: ApplyCall, namespace: string, account: string, what: string): Promise<void> {
  const names = (binding: KubeObject) =>
    ((binding["subjects"] ?? []) as { kind?: string; name?: string; namespace?: string }[]).some(
      (s) => s.kind === "ServiceAccount" && s.name === account && (s.namespace ?? binding.metadata.namespace) === namespace,
    );
  const options = { signal: call.signal };
  const roleBindings = (await call.deps.kube.list(RESOURCES.rolebindings, { namespace, ...options })).items.filter(names);
  const clusterRoleBindings = (await call.deps.kube.list(RESOURCES.clusterrolebindings, options)).items.filter(names);
  for (const [bindings, where] of [
    [roleBindings, namespace],
    [clusterRoleBindings, undefined],
  ] as const) {
    for (const binding of bindings) {
      const roleRef = (binding["roleRef"] ?? {}) as { kind?: string; name?: string };
      const rules = await roleRules(call, roleRef.kind === "ClusterRole" ? "ClusterRole" : "Role", where, roleRef.name ?? "");
      await assertPolicyRulesHeld(call.check, where, rules ?? [], what);
    }
  }
}

/** The rules of a stored role, else of the manifest's role of that name; undefined when neither. */
async function roleRules(
  call: ApplyCall,
  kind: "Role" | "ClusterRole",
  namespace: string | undefined,
  name: string,
): Promise<readonly PolicyRuleJson[] | undefined> {
  if (name === "") return undefined;
  const type = kind === "Role" ? RESOURCES.roles : RESOURCES.clusterroles;
  try {
    return rulesOf(await call.deps.kube.get(type, { name, ...(namespace !== undefined ? { namespace } : {}) }, { signal: call.signal }));
  } catch (error) {
    if (!(error instanceof ConnectError) || error.code !== Code.NotFound) throw error;
  }
  return call.manifestRoles.get(roleKey(kind, namespace, name));
}

/** The rules of a Role or ClusterRole object (aggregated ClusterRoles: their current rules). */
export function rulesOf(object: KubeObject): PolicyRuleJson[] {
  return Array.isArray(object["rules"]) ? (object["rules"] as PolicyRuleJson[]) : [];
}

function namespaceOf(object: ManifestObject): { namespace?: string } {
  return object.namespace !== undefined ? { namespace: object.namespace } : {};
}
