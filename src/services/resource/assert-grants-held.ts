import { Code, ConnectError } from "@connectrpc/connect";
import { describeAccess, type AccessAttributes } from "../../auth/authorization/access-attributes.js";
import type { AccessCheckFn } from "../../auth/authorization/access-check-context.js";

/** An RBAC PolicyRule as JSON. */
export interface PolicyRuleJson {
  readonly apiGroups?: readonly string[];
  readonly resources?: readonly string[];
  readonly resourceNames?: readonly string[];
  readonly nonResourceURLs?: readonly string[];
  readonly verbs?: readonly string[];
}

/**
 * Escalation prevention for raw RBAC rules (kargo-behaviour.md §6.6): the caller must itself hold
 * every permission the rules grant, in `namespace` (undefined: cluster-wide, for ClusterRoles and
 * ClusterRoleBindings). Each rule is taken apart into group × resource × name, and each verb is
 * one access review as the caller.
 *
 * Unlike the Kargo Role path (src/rbac assertRulesHeld), rules here are any Kubernetes rules, so
 * wildcards are not expanded but reviewed literally: RBAC matches a requested `*` only with a `*`
 * in a rule, so granting `*` needs holding `*` — the same coverage Kubernetes' own escalation
 * check uses, and it fails closed. nonResourceURLs cannot be reviewed through resource attributes:
 * granting them is refused (admins skip this check altogether).
 */
export async function assertGrantsHeld(check: AccessCheckFn, namespace: string | undefined, rules: readonly PolicyRuleJson[], what: string): Promise<void> {
  for (const rule of rules) {
    if ((rule.nonResourceURLs ?? []).length > 0) {
      throw new ConnectError(`${what}: requester may not grant non-resource permissions (nonResourceURLs)`, Code.PermissionDenied);
    }
    const verbs = [...new Set(rule.verbs ?? [])];
    const names = (rule.resourceNames ?? []).length > 0 ? [...rule.resourceNames!] : [undefined];
    for (const group of rule.apiGroups ?? []) {
      for (const combined of rule.resources ?? []) {
        const [resource, subresource] = splitResource(combined);
        for (const name of names) {
          for (const verb of verbs) {
            const attributes: AccessAttributes = {
              verb,
              group,
              resource,
              ...(subresource !== undefined ? { subresource } : {}),
              ...(namespace !== undefined ? { namespace } : {}),
              ...(name !== undefined ? { name } : {}),
            };
            if (!(await check(attributes))) {
              throw new ConnectError(
                `${what}: requester may not grant permissions it does not hold: ${describeAccess(attributes)}`,
                Code.PermissionDenied,
              );
            }
          }
        }
      }
    }
  }
}

function splitResource(combined: string): [string, string | undefined] {
  const slash = combined.indexOf("/");
  return slash < 0 ? [combined, undefined] : [combined.slice(0, slash), combined.slice(slash + 1)];
}
