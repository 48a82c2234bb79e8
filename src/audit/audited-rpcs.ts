import type { AuthorizationEntry } from "../auth/authorization/authorization-entry.js";
import type { AuthorizationTable } from "../auth/authorization/authorization-table-type.js";

/** Verbs that only read: an RPC whose reviews are all of these writes nothing. */
const READ_VERBS: ReadonlySet<string> = new Set(["get", "list", "watch"]);

/**
 * The RPCs the audit trail records, derived from the authorization table (never a hand list, so a
 * new write RPC is audited as soon as it has its entry): those whose reviews include a verb that
 * writes (create, update, patch, delete, promote …), and those whose objects come from the request
 * (`per-object`: ResourceService). Keyed `<service type name>/<method>`.
 */
export function auditedRpcs(table: AuthorizationTable): ReadonlyMap<string, AuthorizationEntry> {
  const audited = new Map<string, AuthorizationEntry>();
  for (const [service, methods] of table) {
    for (const [method, entry] of methods) {
      const writes = entry.kind === "per-object" || (entry.kind === "checks" && entry.checks.some((check) => !READ_VERBS.has(check.verb)));
      if (writes) audited.set(`${service}/${method}`, entry);
    }
  }
  return audited;
}

/** Whether a review verb writes (the complement of get, list and watch). */
export function isWriteVerb(verb: string): boolean {
  return !READ_VERBS.has(verb);
}
