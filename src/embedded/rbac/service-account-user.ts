import type { UserInfo } from "./types.js";

/** The username prefix Kubernetes gives ServiceAccount identities. */
export const SERVICE_ACCOUNT_USERNAME_PREFIX = "system:serviceaccount:";

/**
 * The identity Kubernetes authenticates a ServiceAccount token as: username
 * `system:serviceaccount:<namespace>:<name>` and the groups `system:serviceaccounts`,
 * `system:serviceaccounts:<namespace>` and `system:authenticated`, so RoleBindings to any of those
 * groups apply to it.
 */
export function serviceAccountUser(namespace: string, name: string): UserInfo {
  return {
    username: `${SERVICE_ACCOUNT_USERNAME_PREFIX}${namespace}:${name}`,
    groups: ["system:serviceaccounts", `system:serviceaccounts:${namespace}`, "system:authenticated"],
  };
}
