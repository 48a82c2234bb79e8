import { Code, ConnectError } from "@connectrpc/connect";
import { RBAC_MANAGED_ANNOTATION } from "../domain/well-known-keys.js";
import { RESOURCES, type KubeCaches, type KubeClient, type KubeObject } from "../kube/index.js";
import type { RuleInput } from "./normalize-rules.js";

/** The Kubernetes objects behind one Kargo Role (its ServiceAccount and the bindings and roles that grant it permissions). */
export interface RoleObjects {
  readonly namespace: string;
  readonly name: string;
  readonly serviceAccount: KubeObject;
  /** Roles referenced by `roleBindings`. */
  readonly roles: readonly KubeObject[];
  /** ClusterRoles referenced by `roleBindings` or by ClusterRoleBindings naming the ServiceAccount. */
  readonly clusterRoles: readonly KubeObject[];
  /** RoleBindings of the namespace with the ServiceAccount as a subject. */
  readonly roleBindings: readonly KubeObject[];
  /** ClusterRoleBindings with the ServiceAccount as a subject. */
  readonly clusterRoleBindings: readonly KubeObject[];
}

/** What {@link loadRoleObjects} reads with. */
export interface RoleObjectsDeps {
  readonly caches: KubeCaches;
  readonly kube: KubeClient;
}

interface Binding {
  subjects?: { kind?: string; name?: string; namespace?: string }[];
  roleRef?: { kind?: string; name?: string };
}

/**
 * Loads a role: its ServiceAccount (NOT_FOUND `role "x" not found in project "p"` when missing),
 * the RoleBindings of the namespace naming it, the Roles they reference, and the ClusterRoles
 * referenced by those or by ClusterRoleBindings naming it. ClusterRoles are read with the server's
 * credentials, as Kargo does, so project users see every rule the role has. A binding to a missing
 * Role contributes nothing (Kubernetes ignores it too). `allClusterRoleBindings`, when given, saves
 * listing them (see listClusterRoleBindings).
 */
export async function loadRoleObjects(
  deps: RoleObjectsDeps,
  namespace: string,
  name: string,
  namespaceNoun = "project",
  allClusterRoleBindings?: readonly KubeObject[],
): Promise<RoleObjects> {
  const accounts = deps.caches.cache(RESOURCES.serviceaccounts);
  const rolesCache = deps.caches.cache(RESOURCES.roles);
  const bindingsCache = deps.caches.cache(RESOURCES.rolebindings);
  await Promise.all([accounts.synced, rolesCache.synced, bindingsCache.synced]);
  const serviceAccount = accounts.get(namespace, name);
  if (serviceAccount === undefined) {
    throw new ConnectError(`role "${name}" not found in ${namespaceNoun} "${namespace}"`, Code.NotFound);
  }
  const names = (b: KubeObject) =>
    ((b as Binding).subjects ?? []).some((s) => s.kind === "ServiceAccount" && s.name === name && (s.namespace ?? namespace) === namespace);
  const roleBindings = bindingsCache.list(namespace, names);
  const clusterRoleBindings = (allClusterRoleBindings ?? (await listClusterRoleBindings(deps))).filter(names);
  const roles: KubeObject[] = [];
  const clusterRoleNames = new Set<string>();
  for (const binding of roleBindings) {
    const ref = (binding as Binding).roleRef;
    if (ref?.kind === "Role" && ref.name) {
      const role = rolesCache.get(namespace, ref.name);
      if (role !== undefined && !roles.includes(role)) roles.push(role);
    } else if (ref?.kind === "ClusterRole" && ref.name) {
      clusterRoleNames.add(ref.name);
    }
  }
  for (const binding of clusterRoleBindings) {
    const ref = (binding as Binding).roleRef;
    if (ref?.kind === "ClusterRole" && ref.name) clusterRoleNames.add(ref.name);
  }
  const clusterRoles: KubeObject[] = [];
  for (const clusterRoleName of [...clusterRoleNames].sort()) {
    const clusterRole = await deps.kube.get(RESOURCES.clusterroles, { name: clusterRoleName }).catch((error: unknown) => {
      if (error instanceof ConnectError && error.code === Code.NotFound) return undefined;
      throw error;
    });
    if (clusterRole !== undefined) clusterRoles.push(clusterRole);
  }
  return { namespace, name, serviceAccount, roles, clusterRoles, roleBindings, clusterRoleBindings };
}

/**
 * Every ClusterRoleBinding (uncached: the server reads them only for roles). ListRoles reads them
 * once and passes them to each loadRoleObjects instead of one LIST per role.
 */
export async function listClusterRoleBindings(deps: RoleObjectsDeps): Promise<readonly KubeObject[]> {
  return (await deps.kube.list(RESOURCES.clusterrolebindings)).items;
}

function isManaged(object: KubeObject): boolean {
  return object.metadata.annotations?.[RBAC_MANAGED_ANNOTATION] === "true";
}

/**
 * Whether Kargo manages the role and so this API may change it: the ServiceAccount is
 * annotated managed, at most one Role and one RoleBinding, both annotated managed, and nothing
 * bound through ClusterRoles (whose rules are shared with other subjects and cannot be edited per role).
 */
export function isKargoManaged(objects: RoleObjects): boolean {
  return (
    isManaged(objects.serviceAccount) &&
    objects.roles.length <= 1 &&
    objects.roles.every(isManaged) &&
    objects.roleBindings.length <= 1 &&
    objects.roleBindings.every(isManaged) &&
    objects.clusterRoles.length === 0 &&
    objects.clusterRoleBindings.length === 0
  );
}

/**
 * FAILED_PRECONDITION unless the role is Kargo-managed: a role made of objects somebody created by
 * other means is read-only here (Kargo answered INVALID_ARGUMENT; nothing is wrong with the request,
 * the object's state forbids it).
 */
export function assertManageable(objects: RoleObjects): void {
  if (!isKargoManaged(objects)) {
    throw new ConnectError(
      `role "${objects.name}" in project "${objects.namespace}" is not managed by Kargo (its ServiceAccount, Role and RoleBinding must carry ${RBAC_MANAGED_ANNOTATION}: "true" and no ClusterRole may be bound); change it with Kubernetes tools instead`,
      Code.FailedPrecondition,
    );
  }
}

/** Every rule of the role's Roles and ClusterRoles, as stored. */
export function rulesOf(objects: RoleObjects): RuleInput[] {
  return [...objects.roles, ...objects.clusterRoles].flatMap((r) => ((r["rules"] ?? []) as RuleInput[]).filter((rule) => (rule.resources ?? []).length > 0));
}

/** The Role of a managed role, if it has one. */
export function managedRoleOf(objects: RoleObjects): KubeObject | undefined {
  return objects.roles[0];
}
