import { Code, ConnectError } from "@connectrpc/connect";
import type { AccessCheckFn } from "./access-check-context.js";

/** A normalised RBAC rule: one group, one resource (maybe "<resource>/<subresource>"), at most one name. */
export interface AtomicRule {
  readonly apiGroup: string;
  readonly resource: string;
  readonly resourceName?: string;
  readonly verbs: readonly string[];
}

/**
 * Escalation prevention (kargo-behaviour.md §6.6) for handlers that grant permissions (CreateRole,
 * UpdateRole, Grant): the caller must itself hold every verb of every rule it grants, in the
 * project's namespace, reviewed through the same access check as every other operation. Throws
 * PERMISSION_DENIED naming the first permission the caller lacks; a review that cannot be made
 * rejects, which fails closed. Rules must be normalised first ("*" expanded, including `promote`
 * on stages), so no wildcard is reviewed.
 */
export async function assertNoEscalation(check: AccessCheckFn, namespace: string, rules: readonly AtomicRule[]): Promise<void> {
  for (const rule of rules) {
    const [resource, subresource] = rule.resource.split("/", 2) as [string, string | undefined];
    for (const verb of rule.verbs) {
      const allowed = await check({ verb, group: rule.apiGroup, resource, subresource, namespace, name: rule.resourceName });
      if (!allowed) {
        throw new ConnectError(`requester may not grant permissions it does not hold: verb "${verb}" on resource "${rule.resource}"`, Code.PermissionDenied);
      }
    }
  }
}
