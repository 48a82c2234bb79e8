import { Code, ConnectError } from "@connectrpc/connect";
import type { Role } from "../../../gen/kargo/api/v1/role_pb.js";
import {
  claimMapOf,
  claimsAnnotationPatch,
  DESCRIPTION_ANNOTATION,
  RBAC_MANAGED_ANNOTATION,
  type ClaimMap,
  type NormalizedRule,
  type RoleObjects,
} from "../../rbac/index.js";
import { RESOURCES, type KubeClient, type KubeObject } from "../../kube/index.js";

const MANAGED = { [RBAC_MANAGED_ANNOTATION]: "true" };

/**
 * The ServiceAccount annotations a Role message sets, as a merge patch: its claims (in the JSON
 * annotation; legacy ones of `current` removed) and its description (removed when empty).
 */
export function roleAnnotationsPatch(role: Role, current: Readonly<Record<string, string>> | undefined): Record<string, string | null> {
  const description = role.metadata?.annotations[DESCRIPTION_ANNOTATION];
  return { ...claimsAnnotationPatch(claimMapOf(role.claims), current), [DESCRIPTION_ANNOTATION]: description ? description : null };
}

/** The ServiceAccount of a new Kargo role: managed, with the Role message's claims and description. */
export function serviceAccountObject(namespace: string, name: string, role: Role): KubeObject {
  // A new object has nothing to remove: the patch's nulls are left out.
  const annotations = Object.entries(roleAnnotationsPatch(role, undefined)).filter((entry): entry is [string, string] => entry[1] !== null);
  return { metadata: { namespace, name, annotations: { ...MANAGED, ...Object.fromEntries(annotations) } } };
}

/** The Role of a Kargo role: managed, holding the normalised rules. */
export function roleObject(namespace: string, name: string, rules: readonly NormalizedRule[]): KubeObject {
  return { metadata: { namespace, name, annotations: { ...MANAGED } }, rules: rules.map((r) => ({ ...r })) };
}

/** The RoleBinding of a Kargo role: its Role bound to its ServiceAccount, both of the same name. */
export function roleBindingObject(namespace: string, name: string): KubeObject {
  return {
    metadata: { namespace, name, annotations: { ...MANAGED } },
    roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name },
    subjects: [{ kind: "ServiceAccount", name, namespace }],
  };
}

/**
 * Stores `rules` in a managed role: merge-patches the rules of its Role (arrays are replaced by a
 * merge patch, which is what we want), or creates the Role when it has none; creates the
 * RoleBinding when missing (a role created with no rules may lack either).
 */
export async function writeRoleRules(kube: KubeClient, objects: RoleObjects, rules: readonly NormalizedRule[], signal: AbortSignal): Promise<void> {
  const { namespace, name } = objects;
  const role = objects.roles[0];
  if (role === undefined) {
    await kube.create(RESOURCES.roles, roleObject(namespace, name, rules), { signal });
  } else {
    // The Role's own name (normally the role's); optimistic concurrency so a concurrent Grant is not lost.
    await kube.mergePatch(
      RESOURCES.roles,
      { namespace, name: role.metadata.name! },
      { rules: rules.map((r) => ({ ...r })) },
      { signal, resourceVersion: role.metadata.resourceVersion },
    );
  }
  if (objects.roleBindings.length === 0) {
    await kube.create(RESOURCES.rolebindings, roleBindingObject(namespace, name), { signal }).catch((error: unknown) => {
      // Created meanwhile by a concurrent write of the same role: the same binding.
      if (!(error instanceof ConnectError && error.code === Code.AlreadyExists)) throw error;
    });
  }
}

/**
 * Stores `claims` (claim → values) on a managed role's ServiceAccount as the JSON claims
 * annotation (legacy annotations removed), guarded by the resourceVersion that was read so a
 * concurrent Grant or Revoke is not lost (ABORTED instead).
 */
export async function writeRoleClaims(kube: KubeClient, objects: RoleObjects, claims: ClaimMap, signal: AbortSignal): Promise<void> {
  const sa = objects.serviceAccount;
  await kube.mergePatch(
    RESOURCES.serviceaccounts,
    { namespace: objects.namespace, name: objects.name },
    { metadata: { annotations: claimsAnnotationPatch(claims, sa.metadata.annotations) } },
    { signal, resourceVersion: sa.metadata.resourceVersion },
  );
}
