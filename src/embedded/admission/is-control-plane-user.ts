import type { UserInfo } from "../rbac/types.js";

// Kargo's components whose writes the webhooks trust (Kargo's default CONTROLPLANE_USER_REGEX).
const CONTROL_PLANE = new Set(["kargo-api", "kargo-controller", "kargo-management-controller", "kargo-webhooks-server"]);

/**
 * True when the requester is one of Kargo's own components in the Kargo namespace (above all the
 * API server, `system:serviceaccount:kargo:kargo-api`). Their writes carry their own actor
 * annotations and record their own Events; anyone else's are attributed to `kubernetes:<user>`,
 * as Kargo's admission webhooks do.
 */
export function isControlPlaneUser(user: UserInfo, kargoNamespace = "kargo"): boolean {
  const prefix = `system:serviceaccount:${kargoNamespace}:`;
  return user.username.startsWith(prefix) && CONTROL_PLANE.has(user.username.slice(prefix.length));
}

/** The actor string Kargo's webhooks stamp for a requester that is not the control plane. */
export function kubernetesActor(user: UserInfo): string {
  return `kubernetes:${user.username}`;
}
