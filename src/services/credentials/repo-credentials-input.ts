import { Code, ConnectError } from "@connectrpc/connect";
import { REPO_CREDENTIAL_TYPES } from "./credential-keys.js";

/** INVALID_ARGUMENT unless `type` is git, helm or image (Kargo's message). */
export function requireRepoType(type: string, field = "type"): string {
  const trimmed = type.trim();
  if (!(REPO_CREDENTIAL_TYPES as readonly string[]).includes(trimmed)) {
    throw new ConnectError(`${field} should be one of git, helm, or image (got "${trimmed}")`, Code.InvalidArgument);
  }
  return trimmed;
}

/**
 * INVALID_ARGUMENT when a regex repo_url does not compile. Controllers match with Go's RE2, whose
 * syntax is close to a subset of JavaScript's; catching what neither accepts here beats a Secret
 * that silently never matches (Kargo stored anything).
 */
export function requireValidPattern(repoUrl: string, isRegex: boolean, field = "repo_url"): void {
  if (!isRegex) return;
  try {
    new RegExp(repoUrl);
  } catch (error) {
    throw new ConnectError(`${field} is not a valid regular expression: ${(error as Error).message}`, Code.InvalidArgument);
  }
}
