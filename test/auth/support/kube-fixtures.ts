import type { CoreV1Api, RbacAuthorizationV1Api, V1PolicyRule } from "@kubernetes/client-node";

/** Creates a namespace labelled as a Kargo project (kargo.akuity.io/project=true). */
export async function createProjectNamespace(core: CoreV1Api, name: string): Promise<void> {
  await core.createNamespace({ body: { metadata: { name, labels: { "kargo.akuity.io/project": "true" } } } });
}

/** Creates a ServiceAccount whose rbac.kargo.akuity.io/claims annotation maps the given claims. */
export async function createClaimsServiceAccount(core: CoreV1Api, namespace: string, name: string, claims: Record<string, string[]>): Promise<void> {
  await core.createNamespacedServiceAccount({
    namespace,
    body: { metadata: { name, namespace, annotations: { "rbac.kargo.akuity.io/claims": JSON.stringify(claims) } } },
  });
}

/** Creates a Role and a RoleBinding of the same name binding it to the ServiceAccount `subject`. */
export async function createBoundRole(rbac: RbacAuthorizationV1Api, namespace: string, name: string, subject: string, rules: V1PolicyRule[]): Promise<void> {
  await rbac.createNamespacedRole({ namespace, body: { metadata: { name, namespace }, rules } });
  await rbac.createNamespacedRoleBinding({
    namespace,
    body: {
      metadata: { name, namespace },
      roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name },
      subjects: [{ kind: "ServiceAccount", name: subject, namespace }],
    },
  });
}
