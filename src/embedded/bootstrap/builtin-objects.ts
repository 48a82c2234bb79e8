/**
 * The objects every embedded control plane has, created on first start: the namespaces Kubernetes
 * and Kargo expect, the API server's own identity, and the standard RBAC roles and bindings that
 * make discovery and self access reviews work for every authenticated user.
 */
import type { KubeObject } from "../store/types.js";

/** The Kargo system namespace (Kargo's KARGO_NAMESPACE default). */
export const KARGO_NAMESPACE = "kargo";
/** Kargo's SHARED_RESOURCES_NAMESPACE default: shared credentials and ConfigMaps. */
export const SHARED_RESOURCES_NAMESPACE = "kargo-shared-resources";
/** Kargo's SYSTEM_RESOURCES_NAMESPACE default: system-level credentials and ConfigMaps. */
export const SYSTEM_RESOURCES_NAMESPACE = "kargo-system-resources";
/** The API server's identity: ServiceAccount kargo/kargo-api, bound to cluster-admin. */
export const SERVER_SERVICE_ACCOUNT = { namespace: KARGO_NAMESPACE, name: "kargo-api" } as const;

const RBAC = "rbac.authorization.k8s.io/v1";

function namespace(name: string): KubeObject {
  return { apiVersion: "v1", kind: "Namespace", metadata: { name }, spec: { finalizers: ["kubernetes"] } };
}

function clusterRole(name: string, rules: unknown[]): KubeObject {
  return {
    apiVersion: RBAC,
    kind: "ClusterRole",
    metadata: { name, labels: { "kubernetes.io/bootstrapping": "rbac-defaults" } },
    rules,
  };
}

function clusterRoleBinding(name: string, role: string, subjects: unknown[]): KubeObject {
  return {
    apiVersion: RBAC,
    kind: "ClusterRoleBinding",
    metadata: { name, labels: { "kubernetes.io/bootstrapping": "rbac-defaults" } },
    roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: role },
    subjects,
  };
}

const AUTHENTICATED = [{ apiGroup: "rbac.authorization.k8s.io", kind: "Group", name: "system:authenticated" }];

/** The built-in objects, keyed by plural resource name (core and rbac groups), in creation order. */
export const BUILTIN_OBJECTS: readonly { group: string; resource: string; object: KubeObject }[] = [
  ...["default", "kube-system", "kube-public", KARGO_NAMESPACE, SHARED_RESOURCES_NAMESPACE, SYSTEM_RESOURCES_NAMESPACE].map((name) => ({
    group: "",
    resource: "namespaces",
    object: namespace(name),
  })),
  {
    group: "",
    resource: "serviceaccounts",
    object: { apiVersion: "v1", kind: "ServiceAccount", metadata: { ...SERVER_SERVICE_ACCOUNT } },
  },
  {
    group: "rbac.authorization.k8s.io",
    resource: "clusterroles",
    object: clusterRole("cluster-admin", [
      { apiGroups: ["*"], resources: ["*"], verbs: ["*"] },
      { nonResourceURLs: ["*"], verbs: ["*"] },
    ]),
  },
  {
    group: "rbac.authorization.k8s.io",
    resource: "clusterroles",
    object: clusterRole("system:discovery", [
      {
        nonResourceURLs: ["/api", "/api/*", "/apis", "/apis/*", "/healthz", "/livez", "/openapi", "/openapi/*", "/readyz", "/version", "/version/"],
        verbs: ["get"],
      },
    ]),
  },
  {
    group: "rbac.authorization.k8s.io",
    resource: "clusterroles",
    object: clusterRole("system:basic-user", [
      { apiGroups: ["authorization.k8s.io"], resources: ["selfsubjectaccessreviews", "selfsubjectrulesreviews"], verbs: ["create"] },
      { apiGroups: ["authentication.k8s.io"], resources: ["selfsubjectreviews"], verbs: ["create"] },
    ]),
  },
  {
    group: "rbac.authorization.k8s.io",
    resource: "clusterrolebindings",
    object: clusterRoleBinding("cluster-admin", "cluster-admin", [{ apiGroup: "rbac.authorization.k8s.io", kind: "Group", name: "system:masters" }]),
  },
  { group: "rbac.authorization.k8s.io", resource: "clusterrolebindings", object: clusterRoleBinding("system:discovery", "system:discovery", AUTHENTICATED) },
  { group: "rbac.authorization.k8s.io", resource: "clusterrolebindings", object: clusterRoleBinding("system:basic-user", "system:basic-user", AUTHENTICATED) },
  {
    group: "rbac.authorization.k8s.io",
    resource: "clusterrolebindings",
    object: clusterRoleBinding("kargo-api-cluster-admin", "cluster-admin", [{ kind: "ServiceAccount", ...SERVER_SERVICE_ACCOUNT }]),
  },
];
