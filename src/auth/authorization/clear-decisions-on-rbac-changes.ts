import { RESOURCES, type KubeCaches } from "../../kube/index.js";
import type { DecisionCache } from "./create-decision-cache.js";

/** The RBAC objects an access decision depends on. */
const RBAC_TYPES = [RESOURCES.roles, RESOURCES.rolebindings, RESOURCES.clusterroles, RESOURCES.clusterrolebindings] as const;

/**
 * Clears the cached access decisions whenever a Role, RoleBinding, ClusterRole or
 * ClusterRoleBinding changes anywhere in the cluster, as seen by the shared caches' watches. Every
 * replica watches the same objects, so a revoked grant or a deleted binding is refused by all of
 * them at once instead of after AUTHORIZATION_CACHE_TTL (which still bounds what a watch could miss
 * while disconnected). Clearing everything is deliberate: RBAC changes are rare, and working out
 * which cached decisions a binding affects would repeat Kubernetes' own RBAC evaluation.
 * Resolves once the caches have their first lists; returns the function that stops following them.
 */
export async function clearDecisionsOnRbacChanges(caches: KubeCaches, decisions: DecisionCache): Promise<() => void> {
  const followed = RBAC_TYPES.map((type) => caches.cache(type));
  await Promise.all(followed.map((cache) => cache.synced));
  const clear = () => decisions.clear();
  const unsubscribe = followed.map((cache) => cache.addListener({ event: clear, bookmark() {}, reset: clear }));
  return () => unsubscribe.forEach((stop) => stop());
}
