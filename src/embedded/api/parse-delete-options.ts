import type { DeleteOptions } from "../store/types.js";
import { badRequest } from "./api-error.js";
import { isDryRun } from "./dry-run.js";
import { parseBodyObject } from "./read-body.js";

const POLICIES = new Set(["Orphan", "Background", "Foreground"]);

/**
 * DeleteOptions from a DELETE request: the JSON body (kind DeleteOptions, as kubectl and
 * client-node send it) and the query parameters, the body winning where both are given.
 * `orphanDependents` (deprecated) maps to the Orphan policy.
 */
export function parseDeleteOptions(query: URLSearchParams, body: Buffer, contentType: string | undefined): DeleteOptions {
  const fromBody = body.length > 0 ? parseBodyObject(body, contentType) : {};
  let policy = (fromBody["propagationPolicy"] as string | undefined) ?? query.get("propagationPolicy") ?? undefined;
  const orphan = fromBody["orphanDependents"] ?? (query.has("orphanDependents") ? query.get("orphanDependents") === "true" : undefined);
  if (policy === undefined && orphan !== undefined) policy = orphan ? "Orphan" : "Background";
  if (policy !== undefined && !POLICIES.has(policy)) {
    throw badRequest(`propagationPolicy must be one of Orphan, Background, Foreground, not ${JSON.stringify(policy)}`);
  }
  const dryRunValues = Array.isArray(fromBody["dryRun"]) ? (fromBody["dryRun"] as string[]) : query.getAll("dryRun");
  const preconditions = fromBody["preconditions"] as DeleteOptions["preconditions"] | undefined;
  return {
    ...(policy ? { propagationPolicy: policy as DeleteOptions["propagationPolicy"] } : {}),
    ...(preconditions ? { preconditions } : {}),
    dryRun: isDryRun(dryRunValues),
  };
}
