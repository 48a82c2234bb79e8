import { subjectMatches } from "./subject-matches.js";
import type { PolicyRule, RbacObjects, RoleBindingObject, Subject, UserInfo } from "./types.js";

/** The rules one binding grants to the user, with the words to explain a decision. */
export interface ApplicableRuleSet {
  /** e.g. `RoleBinding "demo/admins" of ClusterRole "kargo-admin" to Group "admins"`. */
  readonly description: string;
  readonly rules: readonly PolicyRule[];
}

/** What `applicableRuleSets` found: the rule sets, and bindings that could not be resolved. */
export interface ApplicableRuleSets {
  readonly ruleSets: ApplicableRuleSet[];
  /** One sentence per binding that names the user but whose role is missing or of a wrong kind. */
  readonly problems: string[];
}

/**
 * Every rule set that applies to `user` for a request in `namespace`, in Kubernetes' order:
 * ClusterRoleBindings (cluster-wide, so they apply in every namespace and to cluster-scoped
 * requests) first, then the RoleBindings of `namespace` — none when `namespace` is empty, since a
 * cluster-scoped or all-namespaces request is outside any RoleBinding's reach. A RoleBinding may
 * reference a Role of its own namespace or a ClusterRole, whose rules then apply only in the
 * binding's namespace; a ClusterRoleBinding may reference only a ClusterRole. A binding whose role
 * does not exist grants nothing.
 */
export function applicableRuleSets(objects: RbacObjects, user: UserInfo, namespace: string | undefined): ApplicableRuleSets {
  const ruleSets: ApplicableRuleSet[] = [];
  const problems: string[] = [];
  const visit = (binding: RoleBindingObject, kind: "ClusterRoleBinding" | "RoleBinding", bindingNamespace: string | undefined): void => {
    const subject = (binding.subjects ?? []).find((s) => subjectMatches(s, user, bindingNamespace));
    if (subject === undefined) return;
    const name = binding.metadata.name ?? "";
    const bindingName = kind === "RoleBinding" ? `${bindingNamespace}/${name}` : name;
    const ref = binding.roleRef;
    let role;
    if (ref.kind === "ClusterRole") role = objects.getClusterRole(ref.name);
    else if (ref.kind === "Role" && kind === "RoleBinding") role = objects.getRole(bindingNamespace!, ref.name);
    else {
      problems.push(`${kind} ${JSON.stringify(bindingName)} references a role of unsupported kind ${JSON.stringify(ref.kind)}`);
      return;
    }
    if (role === undefined) {
      problems.push(`${kind} ${JSON.stringify(bindingName)} references missing ${ref.kind} ${JSON.stringify(ref.name)}`);
      return;
    }
    ruleSets.push({
      description: `${kind} ${JSON.stringify(bindingName)} of ${ref.kind} ${JSON.stringify(ref.name)} to ${describeSubject(subject, bindingNamespace)}`,
      rules: role.rules ?? [],
    });
  };

  for (const binding of objects.listClusterRoleBindings()) visit(binding, "ClusterRoleBinding", undefined);
  if (namespace) {
    // The request namespace, not the binding's metadata, scopes the binding: it was listed for it.
    for (const binding of objects.listRoleBindings(namespace)) visit(binding, "RoleBinding", namespace);
  }
  return { ruleSets, problems };
}

function describeSubject(subject: Subject, bindingNamespace: string | undefined): string {
  if (subject.kind === "ServiceAccount") {
    return `ServiceAccount ${JSON.stringify(`${subject.namespace || bindingNamespace}:${subject.name}`)}`;
  }
  return `${subject.kind} ${JSON.stringify(subject.name)}`;
}
