import { inMemoryRbacObjects } from "../../../src/embedded/rbac/in-memory-rbac-objects.js";
import { serviceAccountUser } from "../../../src/embedded/rbac/service-account-user.js";
import type { PolicyRule, RoleBindingObject, RoleObject, Subject, UserInfo } from "../../../src/embedded/rbac/types.js";

// A small cluster: namespaces "demo" and "other", Kargo-style roles, and bindings that exercise
// each way a subject, role reference and rule can match or fail to.

const KARGO = "kargo.akuity.io";
const RBAC = "rbac.authorization.k8s.io";

const role = (namespace: string | undefined, name: string, rules: PolicyRule[]): RoleObject => ({
  metadata: namespace === undefined ? { name } : { name, namespace },
  rules,
});
const binding = (
  namespace: string | undefined,
  name: string,
  subjects: Subject[],
  kind: "Role" | "ClusterRole" | string,
  roleName: string,
): RoleBindingObject => ({
  metadata: namespace === undefined ? { name } : { name, namespace },
  subjects,
  roleRef: { apiGroup: RBAC, kind, name: roleName },
});

export const clusterRoles = [
  role(undefined, "everything", [
    { verbs: ["*"], apiGroups: ["*"], resources: ["*"] },
    { verbs: ["*"], nonResourceURLs: ["*"] },
  ]),
  role(undefined, "kargo-viewer", [{ verbs: ["get", "list", "watch"], apiGroups: [KARGO], resources: ["*"] }]),
  role(undefined, "kargo-promoter", [{ verbs: ["promote"], apiGroups: [KARGO], resources: ["stages"] }]),
  role(undefined, "all-verbs-stages", [{ verbs: ["*"], apiGroups: [KARGO], resources: ["stages"] }]),
  role(undefined, "status-writer", [{ verbs: ["update", "patch"], apiGroups: [KARGO], resources: ["*/status"] }]),
  role(undefined, "pods-star", [{ verbs: ["get"], apiGroups: [""], resources: ["pods/*"] }]),
  role(undefined, "named-secret", [{ verbs: ["get", "update"], apiGroups: [""], resources: ["secrets"], resourceNames: ["repo-creds"] }]),
  role(undefined, "health", [{ verbs: ["get"], nonResourceURLs: ["/healthz", "/metrics/*"] }]),
  role(undefined, "configmaps-any-group", [{ verbs: ["get"], apiGroups: ["*"], resources: ["configmaps"] }]),
  role(undefined, "rbac-escalate", [{ verbs: ["escalate", "bind"], apiGroups: [RBAC], resources: ["roles"] }]),
  role(undefined, "freight-approver", [{ verbs: ["approve"], apiGroups: [KARGO], resources: ["freights"] }]),
  role(undefined, "no-rules", []),
];

export const roles = [
  role("demo", "stage-editor", [{ verbs: ["create", "update", "delete"], apiGroups: [KARGO], resources: ["stages"] }]),
  role("other", "other-only", [{ verbs: ["*"], apiGroups: ["*"], resources: ["*"] }]),
];

export const roleBindings = [
  binding("demo", "ci-editor", [{ kind: "ServiceAccount", name: "ci", namespace: "demo" }], "Role", "stage-editor"),
  // No namespace on the subject: it means the binding's namespace.
  binding("demo", "ci-promoter", [{ kind: "ServiceAccount", name: "ci" }], "ClusterRole", "kargo-promoter"),
  binding("demo", "viewers", [{ kind: "Group", name: "system:serviceaccounts:demo" }], "ClusterRole", "kargo-viewer"),
  binding("demo", "alice-secret", [{ kind: "User", name: "alice" }], "ClusterRole", "named-secret"),
  binding(
    "demo",
    "alice-status",
    [
      { kind: "User", name: "nobody" },
      { kind: "User", name: "alice" },
    ],
    "ClusterRole",
    "status-writer",
  ),
  binding("demo", "alice-pods", [{ kind: "User", name: "alice" }], "ClusterRole", "pods-star"),
  binding("demo", "dangling", [{ kind: "User", name: "bob" }], "Role", "does-not-exist"),
  // The Role exists only in "other": a RoleBinding cannot reach another namespace's Role.
  binding("demo", "misdirected", [{ kind: "User", name: "carol" }], "Role", "other-only"),
  binding("demo", "by-username", [{ kind: "User", name: "system:serviceaccount:demo:ci" }], "ClusterRole", "freight-approver"),
  binding("demo", "eve-escalate", [{ kind: "User", name: "eve" }], "ClusterRole", "rbac-escalate"),
  binding("other", "ci-other", [{ kind: "ServiceAccount", name: "ci", namespace: "demo" }], "ClusterRole", "all-verbs-stages"),
  binding("other", "ci-other-again", [{ kind: "ServiceAccount", name: "ci", namespace: "demo" }], "ClusterRole", "all-verbs-stages"),
];

export const clusterRoleBindings = [
  binding(undefined, "admins", [{ kind: "Group", name: "admins" }], "ClusterRole", "everything"),
  binding(undefined, "health", [{ kind: "Group", name: "system:authenticated" }], "ClusterRole", "health"),
  binding(undefined, "dave-configmaps", [{ kind: "User", name: "dave" }], "ClusterRole", "configmaps-any-group"),
  // A ServiceAccount subject without a namespace has no namespace to default to here: matches nobody.
  binding(undefined, "sa-without-namespace", [{ kind: "ServiceAccount", name: "ci" }], "ClusterRole", "everything"),
  // A ClusterRoleBinding may only reference a ClusterRole.
  binding(undefined, "frank-role", [{ kind: "User", name: "frank" }], "Role", "stage-editor"),
  binding(undefined, "unknown-kind", [{ kind: "Robot", name: "frank" }], "ClusterRole", "everything"),
];

export const objects = inMemoryRbacObjects({ roles, clusterRoles, roleBindings, clusterRoleBindings });

const person = (username: string, groups: string[] = ["system:authenticated"]): UserInfo => ({ username, groups });

export const users = {
  ci: serviceAccountUser("demo", "ci"),
  otherCi: serviceAccountUser("other", "ci"),
  admin: person("root", ["admins", "system:authenticated"]),
  alice: person("alice"),
  bob: person("bob"),
  carol: person("carol"),
  dave: person("dave"),
  eve: person("eve"),
  frank: person("frank"),
  anonymous: person("system:anonymous", []),
};
