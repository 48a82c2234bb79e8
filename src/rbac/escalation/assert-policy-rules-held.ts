import { Code, ConnectError } from "@connectrpc/connect";
import type { AccessAttributes } from "../../auth/authorization/access-attributes.js";
import type { AccessCheckFn } from "../../auth/authorization/access-check-context.js";
import { assertAccessesHeld } from "./assert-accesses-held.js";
import { splitResource } from "./assert-kargo-rules-held.js";

/** An RBAC PolicyRule as JSON. */
export interface PolicyRuleJson {
  readonly apiGroups?: readonly string[];
  readonly resources?: readonly string[];
  readonly resourceNames?: readonly string[];
  readonly nonResourceURLs?: readonly string[];
  readonly verbs?: readonly string[];
}

/**
 * Escalation prevention for raw Kubernetes RBAC rules (ResourceService: Roles, ClusterRoles and
 * bindings in manifests): the caller must hold every permission the rules grant, in `namespace`
 * (undefined: cluster-wide, for ClusterRoles and ClusterRoleBindings). Each rule is taken apart
 * into group × resource × name, and each verb is one review as the caller.
 *
 * Unlike Kargo roles, these are any Kubernetes rules, so wildcards are not expanded but reviewed
 * literally: RBAC matches a requested `*` only with a `*` in a rule, so granting `*` needs holding
 * `*` — the coverage Kubernetes' own escalation check uses, and it fails closed. nonResourceURLs
 * cannot be reviewed through resource attributes: granting them is refused (admins skip this check
 * altogether).
 */
export async function assertPolicyRulesHeld(
  check: AccessCheckFn,
  namespace: string | undefined,
  rules: readonly PolicyRuleJson[],
  what: string,
): Promise<void> {
  if (rules.some((rule) => (rule.nonResourceURLs ?? []).length > 0)) {
    throw new ConnectError(`${what}: requester may not grant non-resource permissions (nonResourceURLs)`, Code.PermissionDenied);
  }
  await assertAccessesHeld(
    check,
    rules.flatMap((rule) => accessesOf(rule, namespace)),
    what,
  );
}

function accessesOf(rule: PolicyRuleJson, namespace: string | undefined): AccessAttributes[] {
  const verbs = [...new Set(rule.verbs ?? [])];
  const names = (rule.resourceNames ?? []).length > 0 ? [...rule.resourceNames!] : [undefined];
  return (rule.apiGroups ?? []).flatMap((group) =>
    (rule.resources ?? []).flatMap((combined) => {
      const [resource, subresource] = splitResource(combined);
      return names.flatMap((name) =>
        verbs.map(
          (verb): AccessAttributes => ({
            verb,
            group,
            resource,
            ...(subresource !== undefined ? { subresource } : {}),
            ...(namespace !== undefined ? { namespace } : {}),
            ...(name !== undefined ? { name } : {}),
          }),
        ),
      );
    }),
  );
}
