import { AuthenticationV1Api, AuthorizationV1Api, CoreV1Api, CustomObjectsApi, RbacAuthorizationV1Api } from "@kubernetes/client-node";
import { apiRequest } from "../support/api-request.js";
import { statusCodeOf } from "../support/status-code-of.js";
import { useEmbeddedControlPlane } from "../support/use-embedded-control-plane.js";

describe("embedded API authentication and authorization", () => {
  const fixture = useEmbeddedControlPlane();
  let core: CoreV1Api;
  let rbac: RbacAuthorizationV1Api;
  let authn: AuthenticationV1Api;
  let authz: AuthorizationV1Api;

  beforeAll(async () => {
    const config = fixture.kubeConfig();
    core = config.makeApiClient(CoreV1Api);
    rbac = config.makeApiClient(RbacAuthorizationV1Api);
    authn = config.makeApiClient(AuthenticationV1Api);
    authz = config.makeApiClient(AuthorizationV1Api);
    await core.createNamespace({ body: { metadata: { name: "team" } } });
    await core.createNamespacedServiceAccount({ namespace: "team", body: { metadata: { name: "ci" } } });
  });

  describe("a request without a valid bearer token", () => {
    it.each([
      ["no token", null],
      ["a garbage token", "not-a-jwt"],
      ["a JWT signed by someone else", "eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl"],
    ])("is 401 Unauthorized with %s", async (_label, token) => {
      const response = await apiRequest(fixture.controlPlane, "/api/v1/namespaces", { token });
      expect(response.status).toBe(401);
      expect(response.json).toMatchObject({ kind: "Status", apiVersion: "v1", status: "Failure", reason: "Unauthorized", code: 401 });
    });

    it("may still read /version and /healthz", async () => {
      expect((await apiRequest(fixture.controlPlane, "/version", { token: null })).json).toMatchObject({ major: "1" });
      expect((await apiRequest(fixture.controlPlane, "/healthz", { token: null })).status).toBe(200);
    });
  });

  describe("a ServiceAccount token from TokenRequest", () => {
    it("authenticates, is denied by RBAC until a RoleBinding allows it, and dies with its ServiceAccount", async () => {
      await core.createNamespacedServiceAccount({ namespace: "team", body: { metadata: { name: "deployer" } } });
      const request = await core.createNamespacedServiceAccountToken({ name: "deployer", namespace: "team", body: { spec: { expirationSeconds: 3600 } } });
      const token = request.status!.token!;
      expect(request.status!.expirationTimestamp).toBeTruthy();
      const asDeployer = fixture.kubeConfigWithToken(token).makeApiClient(CoreV1Api);

      const denied = await apiRequest(fixture.controlPlane, "/api/v1/namespaces/team/configmaps", { token });
      expect(denied.status).toBe(403);
      expect(denied.json.message).toBe(
        'configmaps is forbidden: User "system:serviceaccount:team:deployer" cannot list resource "configmaps" in API group "" in the namespace "team"',
      );

      await rbac.createNamespacedRole({
        namespace: "team",
        body: { metadata: { name: "cm-reader" }, rules: [{ apiGroups: [""], resources: ["configmaps"], verbs: ["get", "list"] }] },
      });
      await rbac.createNamespacedRoleBinding({
        namespace: "team",
        body: {
          metadata: { name: "deployer-reads" },
          roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: "cm-reader" },
          subjects: [{ kind: "ServiceAccount", name: "deployer", namespace: "team" }],
        },
      });
      expect((await asDeployer.listNamespacedConfigMap({ namespace: "team" })).kind).toBe("ConfigMapList");
      // Still nothing beyond what the Role grants: no writes, no other namespace.
      expect(await statusCodeOf(asDeployer.createNamespacedConfigMap({ namespace: "team", body: { metadata: { name: "x" } } }))).toBe(403);
      expect(await statusCodeOf(asDeployer.listNamespacedConfigMap({ namespace: "default" }))).toBe(403);

      await core.deleteNamespacedServiceAccount({ name: "deployer", namespace: "team" });
      expect((await apiRequest(fixture.controlPlane, "/api/v1/namespaces/team/configmaps", { token })).status).toBe(401);
    });

    it("is 404 for a ServiceAccount that does not exist", async () => {
      expect(await statusCodeOf(core.createNamespacedServiceAccountToken({ name: "ghost", namespace: "team", body: { spec: {} } }))).toBe(404);
    });
  });

  describe("a ServiceAccount token Secret", () => {
    it("gets data.token filled, passes TokenReview, and is revoked by deleting the Secret", async () => {
      const secret = await core.createNamespacedSecret({
        namespace: "team",
        body: {
          metadata: { name: "ci-token", annotations: { "kubernetes.io/service-account.name": "ci" } },
          type: "kubernetes.io/service-account-token",
        },
      });
      const token = Buffer.from(secret.data!["token"]!, "base64").toString();
      expect(Buffer.from(secret.data!["namespace"]!, "base64").toString()).toBe("team");
      const account = await core.readNamespacedServiceAccount({ name: "ci", namespace: "team" });
      expect(secret.metadata!.annotations!["kubernetes.io/service-account.uid"]).toBe(account.metadata!.uid);

      const review = await authn.createTokenReview({ body: { spec: { token } } });
      expect(review.status).toMatchObject({
        authenticated: true,
        user: {
          username: "system:serviceaccount:team:ci",
          uid: account.metadata!.uid,
          groups: expect.arrayContaining(["system:serviceaccounts", "system:serviceaccounts:team"]),
        },
      });
      const otherAudience = await authn.createTokenReview({ body: { spec: { token, audiences: ["https://elsewhere.example"] } } });
      expect(otherAudience.status!.authenticated).toBe(false);

      await core.deleteNamespacedSecret({ name: "ci-token", namespace: "team" });
      const revoked = await authn.createTokenReview({ body: { spec: { token } } });
      expect(revoked.status!.authenticated).toBe(false);
      expect(revoked.status!.user).toBeUndefined();
    });
  });

  describe("SubjectAccessReview", () => {
    it("answers allow and deny for a ServiceAccount user by its RoleBindings and group bindings", async () => {
      await rbac.createClusterRole({
        body: { metadata: { name: "stage-promoter" }, rules: [{ apiGroups: ["kargo.akuity.io"], resources: ["stages"], verbs: ["promote"] }] },
      });
      await rbac.createNamespacedRoleBinding({
        namespace: "team",
        body: {
          metadata: { name: "all-sas-promote" },
          roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "stage-promoter" },
          subjects: [{ kind: "Group", name: "system:serviceaccounts:team", apiGroup: "rbac.authorization.k8s.io" }],
        },
      });
      const ask = async (namespace: string, verb: string) =>
        (
          await authz.createSubjectAccessReview({
            body: {
              spec: {
                user: "system:serviceaccount:team:ci",
                resourceAttributes: { group: "kargo.akuity.io", resource: "stages", verb, namespace, name: "prod" },
              },
            },
          })
        ).status!.allowed;
      expect(await ask("team", "promote")).toBe(true);
      expect(await ask("team", "delete")).toBe(false);
      expect(await ask("other", "promote")).toBe(false);
    });

    it("can only be created by users RBAC allows to", async () => {
      const { status } = await core.createNamespacedServiceAccountToken({ name: "ci", namespace: "team", body: { spec: {} } });
      const asCi = fixture.kubeConfigWithToken(status!.token!).makeApiClient(AuthorizationV1Api);
      expect(
        await statusCodeOf(asCi.createSubjectAccessReview({ body: { spec: { user: "someone", resourceAttributes: { verb: "get", resource: "secrets" } } } })),
      ).toBe(403);
      // A self review needs no grant: system:basic-user allows it to every authenticated user.
      const self = await asCi.createSelfSubjectAccessReview({
        body: { spec: { resourceAttributes: { verb: "promote", group: "kargo.akuity.io", resource: "stages", namespace: "team" } } },
      });
      expect(self.status!.allowed).toBe(true);
    });
  });

  describe("impersonation", () => {
    it("lets a user allowed to impersonate act as a ServiceAccount, with that ServiceAccount's rights", async () => {
      const asCi = { "Impersonate-User": "system:serviceaccount:team:ci" };
      const denied = await apiRequest(fixture.controlPlane, "/api/v1/namespaces/default/secrets", { headers: asCi });
      expect(denied.status).toBe(403);
      expect(denied.json.message).toContain('User "system:serviceaccount:team:ci" cannot list resource "secrets"');
    });

    it("is 403 for a caller without the impersonate verb", async () => {
      await core.createNamespacedServiceAccount({ namespace: "team", body: { metadata: { name: "plain" } } });
      const { status } = await core.createNamespacedServiceAccountToken({ name: "plain", namespace: "team", body: { spec: {} } });
      const response = await apiRequest(fixture.controlPlane, "/api/v1/namespaces", { token: status!.token!, headers: { "Impersonate-User": "admin" } });
      expect(response.status).toBe(403);
      expect(response.json.message).toContain('cannot impersonate resource "users"');
    });
  });

  describe("RBAC escalation prevention", () => {
    it("lets a ServiceAccount that manages roles grant only what it holds", async () => {
      await core.createNamespacedServiceAccount({ namespace: "team", body: { metadata: { name: "role-admin" } } });
      await rbac.createNamespacedRole({
        namespace: "team",
        body: {
          metadata: { name: "role-manager" },
          rules: [
            // Not "*": that would include the escalate and bind verbs, which lift the check.
            { apiGroups: ["rbac.authorization.k8s.io"], resources: ["roles", "rolebindings"], verbs: ["get", "list", "create", "update", "patch", "delete"] },
            { apiGroups: [""], resources: ["configmaps"], verbs: ["get", "list"] },
          ],
        },
      });
      await rbac.createNamespacedRoleBinding({
        namespace: "team",
        body: {
          metadata: { name: "role-admin" },
          roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: "role-manager" },
          subjects: [{ kind: "ServiceAccount", name: "role-admin", namespace: "team" }],
        },
      });
      const { status } = await core.createNamespacedServiceAccountToken({ name: "role-admin", namespace: "team", body: { spec: {} } });
      const asRoleAdmin = fixture.kubeConfigWithToken(status!.token!).makeApiClient(RbacAuthorizationV1Api);

      const held = await asRoleAdmin.createNamespacedRole({
        namespace: "team",
        body: { metadata: { name: "cm-view" }, rules: [{ apiGroups: [""], resources: ["configmaps"], verbs: ["get"] }] },
      });
      expect(held.metadata!.name).toBe("cm-view");
      const secretsRole = asRoleAdmin.createNamespacedRole({
        namespace: "team",
        body: { metadata: { name: "secret-view" }, rules: [{ apiGroups: [""], resources: ["secrets"], verbs: ["get"] }] },
      });
      expect(await statusCodeOf(secretsRole)).toBe(403);
      const adminBinding = asRoleAdmin.createNamespacedRoleBinding({
        namespace: "team",
        body: {
          metadata: { name: "self-admin" },
          roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "cluster-admin" },
          subjects: [{ kind: "ServiceAccount", name: "role-admin", namespace: "team" }],
        },
      });
      expect(await statusCodeOf(adminBinding)).toBe(403);
      const heldBinding = await asRoleAdmin.createNamespacedRoleBinding({
        namespace: "team",
        body: {
          metadata: { name: "ci-cm-view" },
          roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: "cm-view" },
          subjects: [{ kind: "ServiceAccount", name: "ci", namespace: "team" }],
        },
      });
      expect(heldBinding.metadata!.name).toBe("ci-cm-view");
    });

    it("lets only a cluster-admin register a CustomPromotionStep (its command runs as the control plane), 403 for a mere creator", async () => {
      const step = (name: string) => ({
        apiVersion: "embedded.kargo.akuity.io/v1alpha1",
        kind: "CustomPromotionStep",
        metadata: { name },
        spec: { command: ["true"] },
      });
      const target = { group: "embedded.kargo.akuity.io", version: "v1alpha1", plural: "custompromotionsteps" };
      await core.createNamespacedServiceAccount({ namespace: "team", body: { metadata: { name: "step-writer" } } });
      await rbac.createClusterRole({
        body: {
          metadata: { name: "step-writer" },
          rules: [{ apiGroups: ["embedded.kargo.akuity.io"], resources: ["custompromotionsteps"], verbs: ["create", "get"] }],
        },
      });
      await rbac.createClusterRoleBinding({
        body: {
          metadata: { name: "step-writer" },
          roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "step-writer" },
          subjects: [{ kind: "ServiceAccount", name: "step-writer", namespace: "team" }],
        },
      });
      const { status } = await core.createNamespacedServiceAccountToken({ name: "step-writer", namespace: "team", body: { spec: {} } });
      const asWriter = fixture.kubeConfigWithToken(status!.token!).makeApiClient(CustomObjectsApi);
      const refused = asWriter.createClusterCustomObject({ ...target, body: step("by-writer") });
      expect(await statusCodeOf(refused)).toBe(403);
      const asAdmin = fixture.kubeConfig().makeApiClient(CustomObjectsApi);
      await asAdmin.createClusterCustomObject({ ...target, body: step("by-admin") });
      expect(await statusCodeOf(asWriter.getClusterCustomObject({ ...target, name: "by-writer" }))).toBe(404);
      expect(((await asWriter.getClusterCustomObject({ ...target, name: "by-admin" })) as { metadata: { name: string } }).metadata.name).toBe("by-admin");
    });

    it("rejects a binding whose roleRef changes with 422", async () => {
      const binding = await rbac.readNamespacedRoleBinding({ name: "deployer-reads", namespace: "team" });
      binding.roleRef = { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "cluster-admin" };
      expect(await statusCodeOf(rbac.replaceNamespacedRoleBinding({ name: "deployer-reads", namespace: "team", body: binding }))).toBe(422);
    });
  });
});
