import { SERVICE_ACCOUNT_USERNAME_PREFIX } from "./service-account-user.js";

/**
 * Splits `system:serviceaccount:<namespace>:<name>` into its parts; undefined for any other
 * username (including one with an empty or extra part, which Kubernetes also rejects).
 */
export function parseServiceAccountUsername(username: string): { namespace: string; name: string } | undefined {
  if (!username.startsWith(SERVICE_ACCOUNT_USERNAME_PREFIX)) return undefined;
  const parts = username.slice(SERVICE_ACCOUNT_USERNAME_PREFIX.length).split(":");
  if (parts.length !== 2) return undefined;
  const [namespace, name] = parts as [string, string];
  if (namespace === "" || name === "") return undefined;
  return { namespace, name };
}
