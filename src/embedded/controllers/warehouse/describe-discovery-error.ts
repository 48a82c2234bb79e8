import { isExpressionError } from "../../../domain/expressions/index.js";
import { ImageReferenceError } from "../../registry/image-repository.js";
import { isRegistryError } from "../../registry/registry-error.js";
import { SemverConstraintError } from "./semver-constraint.js";

/**
 * The condition reason and message for a failed discovery: a registry's own reason
 * (`AuthenticationFailed`, `RepositoryNotFound`, `RegistryUnavailable`, `InvalidResponse`),
 * `InvalidSubscription` for a subscription that cannot be used as written (bad constraint,
 * reference, platform, regex, path selector or expression), else `DiscoveryFailed` (Git errors). Messages never carry
 * credentials: none of the errors above is built with them.
 */
export function describeDiscoveryError(error: unknown): { reason: string; message: string } {
  const message = error instanceof Error ? error.message : String(error);
  if (isRegistryError(error)) return { reason: error.reason, message };
  if (
    error instanceof SemverConstraintError ||
    error instanceof ImageReferenceError ||
    isExpressionError(error) ||
    /^invalid (platform|allowTags|expressionFilter|path selector)|^(image|chart) subscription /u.test(message)
  ) {
    return { reason: "InvalidSubscription", message };
  }
  return { reason: "DiscoveryFailed", message };
}
