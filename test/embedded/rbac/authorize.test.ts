import { authorize } from "../../../src/embedded/rbac/authorize.js";
import type { NonResourceAttributes, ResourceAttributes, UserInfo } from "../../../src/embedded/rbac/types.js";
import { objects, users } from "./fixtures.js";

const K = "kargo.akuity.io";
const R = "rbac.authorization.k8s.io";
const res = (verb: string, group: string, resource: string, namespace?: string, extra: Partial<ResourceAttributes> = {}): ResourceAttributes => ({
  verb,
  group,
  resource,
  ...(namespace === undefined ? {} : { namespace }),
  ...extra,
});
const url = (verb: string, path: string): NonResourceAttributes => ({ verb, path });

describe("authorize", () => {
  it.each<[string, UserInfo, ResourceAttributes | NonResourceAttributes, boolean]>([
    // RoleBinding → Role in the same namespace
    ["SA via RoleBinding to a Role", users.ci, res("create", K, "stages", "demo"), true],
    ["the Role does not grant other verbs", users.ci, res("patch", K, "stages", "demo"), false],
    ["the Role does not reach another namespace", users.ci, res("create", K, "warehouses", "other"), false],
    // RoleBinding → ClusterRole is scoped to the binding's namespace
    ["custom verb promote via RoleBinding to a ClusterRole", users.ci, res("promote", K, "stages", "demo", { name: "prod" }), true],
    ["a ClusterRole bound in other applies in other", users.ci, res("get", K, "stages", "other", { name: "prod" }), true],
    ["a ClusterRole bound in demo does not apply in other", users.ci, res("list", K, "freights", "other"), false],
    ["verbs * grants any verb, custom too", users.ci, res("promote", K, "stages", "other"), true],
    ["verbs * grants delete", users.ci, res("delete", K, "stages", "other", { name: "uat" }), true],
    ["verbs * does not widen the resources", users.ci, res("delete", K, "warehouses", "other"), false],
    // Group subjects
    ["Group system:serviceaccounts:<ns> grants to that namespace's SAs", users.ci, res("list", K, "freights", "demo"), true],
    ["…but not to another namespace's SA", users.otherCi, res("list", K, "freights", "demo"), false],
    ["a same-named SA in another namespace is someone else", users.otherCi, res("create", K, "stages", "demo"), false],
    ["resources * matches subresources", users.ci, res("get", K, "stages", "demo", { subresource: "status" }), true],
    ["the rule's group must match", users.ci, res("get", "apps", "stages", "demo"), false],
    // User subjects, including one named by a ServiceAccount username
    ["User subject named by the SA username", users.ci, res("approve", K, "freights", "demo", { name: "abc" }), true],
    ["User subject by name", users.eve, res("escalate", R, "roles", "demo"), true],
    ["custom verb bind", users.eve, res("bind", R, "roles", "demo", { name: "x" }), true],
    ["escalate does not imply create", users.eve, res("create", R, "roles", "demo"), false],
    // resourceNames
    ["resourceNames with the listed name", users.alice, res("get", "", "secrets", "demo", { name: "repo-creds" }), true],
    ["resourceNames with another name", users.alice, res("get", "", "secrets", "demo", { name: "other" }), false],
    ["resourceNames never match list (no name)", users.alice, res("list", "", "secrets", "demo"), false],
    ["resourceNames never match create (no name)", users.alice, res("create", "", "secrets", "demo"), false],
    // Subresources
    ["*/status matches the status of any resource", users.alice, res("update", K, "stages", "demo", { subresource: "status", name: "prod" }), true],
    ["*/status matches another resource's status", users.alice, res("patch", K, "warehouses", "demo", { subresource: "status" }), true],
    ["*/status does not match the main resource", users.alice, res("update", K, "stages", "demo", { name: "prod" }), false],
    ["*/status does not match another subresource", users.alice, res("update", K, "stages", "demo", { subresource: "scale" }), false],
    ["pods/* is not a wildcard in Kubernetes", users.alice, res("get", "", "pods", "demo", { subresource: "log" }), false],
    ["pods/* matches only the literal subresource *", users.alice, res("get", "", "pods", "demo", { subresource: "*" }), true],
    ["pods/* does not match pods", users.alice, res("get", "", "pods", "demo"), false],
    // apiGroups *
    ["apiGroups * matches any group", users.dave, res("get", "example.com", "configmaps", "demo"), true],
    ["apiGroups * matches the core group", users.dave, res("get", "", "configmaps"), true],
    ["apiGroups * does not widen the resources", users.dave, res("get", "", "secrets", "demo"), false],
    // ClusterRoleBinding and cluster-scoped requests
    ["ClusterRoleBinding grants cluster-scoped requests", users.admin, res("delete", "", "namespaces", undefined, { name: "demo" }), true],
    ["ClusterRoleBinding grants in every namespace", users.admin, res("create", K, "promotions", "other"), true],
    ["verbs * grants impersonate", users.admin, res("impersonate", "", "users", undefined, { name: "alice" }), true],
    ["cluster-scoped requests ignore RoleBindings", users.ci, res("get", K, "projects", undefined, { name: "demo" }), false],
    ["all-namespaces list ignores RoleBindings", users.ci, res("list", K, "stages", ""), false],
    ["all-namespaces list via ClusterRoleBinding", users.admin, res("list", K, "stages", ""), true],
    ["a ClusterRoleBinding SA subject without namespace matches nobody", users.ci, res("delete", "", "namespaces"), false],
    // Broken bindings deny
    ["binding to a missing Role", users.bob, res("get", K, "stages", "demo"), false],
    ["RoleBinding to a Role of another namespace", users.carol, res("get", K, "stages", "demo"), false],
    ["ClusterRoleBinding to a Role", users.frank, res("create", K, "stages", "demo"), false],
    // Non-resource URLs
    ["exact non-resource URL", users.alice, url("get", "/healthz"), true],
    ["exact URL does not match a longer path", users.alice, url("get", "/healthz/ready"), false],
    ["prefix URL matches below the prefix", users.alice, url("get", "/metrics/cluster"), true],
    ["prefix URL /metrics/* does not match /metrics", users.alice, url("get", "/metrics"), false],
    ["non-resource verb must match", users.alice, url("post", "/healthz"), false],
    ["SA identity carries system:authenticated", users.ci, url("get", "/healthz"), true],
    ["no groups, no grant", users.anonymous, url("get", "/healthz"), false],
    ["nonResourceURLs * matches any path", users.admin, url("post", "/any/path"), true],
    ["resource rules never match a URL", users.ci, url("get", "/apis"), false],
  ])("%s", (_, user, attributes, allowed) => {
    expect(authorize(objects, user, attributes).allowed).toBe(allowed);
  });

  describe("reason", () => {
    it.each<[UserInfo, ResourceAttributes | NonResourceAttributes, string]>([
      [users.ci, res("create", K, "stages", "demo"), 'RBAC: allowed by RoleBinding "demo/ci-editor" of Role "stage-editor" to ServiceAccount "demo:ci"'],
      [
        users.ci,
        res("promote", K, "stages", "demo"),
        'RBAC: allowed by RoleBinding "demo/ci-promoter" of ClusterRole "kargo-promoter" to ServiceAccount "demo:ci"',
      ],
      [
        users.ci,
        res("list", K, "freights", "demo"),
        'RBAC: allowed by RoleBinding "demo/viewers" of ClusterRole "kargo-viewer" to Group "system:serviceaccounts:demo"',
      ],
      [
        users.alice,
        res("update", K, "stages", "demo", { subresource: "status" }),
        'RBAC: allowed by RoleBinding "demo/alice-status" of ClusterRole "status-writer" to User "alice"',
      ],
      [users.admin, res("delete", "", "namespaces"), 'RBAC: allowed by ClusterRoleBinding "admins" of ClusterRole "everything" to Group "admins"'],
      [users.alice, url("get", "/healthz"), 'RBAC: allowed by ClusterRoleBinding "health" of ClusterRole "health" to Group "system:authenticated"'],
      [
        users.ci,
        res("delete", K, "warehouses", "demo", { name: "w" }),
        'RBAC: "system:serviceaccount:demo:ci" delete warehouses.kargo.akuity.io "w" in namespace "demo" is not allowed',
      ],
      [users.ci, res("get", "", "namespaces"), 'RBAC: "system:serviceaccount:demo:ci" get namespaces at cluster scope is not allowed'],
      [users.alice, url("post", "/healthz"), 'RBAC: "alice" post "/healthz" is not allowed'],
    ])("explains %j %j", (user, attributes, reason) => {
      expect(authorize(objects, user, attributes).reason).toBe(reason);
    });

    it.each<[UserInfo, string]>([
      [users.bob, 'RoleBinding "demo/dangling" references missing Role "does-not-exist"'],
      [users.carol, 'RoleBinding "demo/misdirected" references missing Role "other-only"'],
      [users.frank, 'ClusterRoleBinding "frank-role" references a role of unsupported kind "Role"'],
    ])("names the broken binding of %j in the denial", (user, problem) => {
      const decision = authorize(objects, user, res("get", K, "stages", "demo"));
      expect(decision.allowed).toBe(false);
      expect(decision.reason).toContain(problem);
    });
  });
});
