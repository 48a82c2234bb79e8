import { AuthService } from "../../../gen/kargo/api/v1/auth_service_pb.js";
import { ResourceService } from "../../../gen/kargo/api/v1/resource_service_pb.js";
import { oidcLogin } from "../../support/oidc-login.js";
import { startOidcProvider, type TestOidcProvider } from "../../support/oidc-provider.js";
import { startKargoStack, type KargoStack } from "../../support/use-kargo-stack.js";
import { configMap, errorFor, manifest, outcomes, stage, warehouse } from "./resource-fixtures.js";

const GLOBAL = "kargo-users";

/**
 * An OIDC user allowed to create Projects (through a claim-mapped ServiceAccount in a global
 * namespace) applies a manifest with a new Project and objects inside it. Admission maps the
 * creator as the project's kargo-admin; the objects after the Project are still reviewed as the
 * caller (Kargo skipped that), and pass once the mapping shows.
 */
describe("ResourceService.CreateResource by the creator of a new project", () => {
  let provider: TestOidcProvider;
  let stack: KargoStack;
  let carol: string;

  beforeAll(async () => {
    provider = await startOidcProvider();
    stack = await startKargoStack({
      env: {
        OIDC_ENABLED: "true",
        OIDC_ISSUER_URL: provider.issuer,
        OIDC_CLIENT_ID: provider.web.clientId,
        OIDC_CLI_CLIENT_ID: provider.cli.clientId,
        GLOBAL_SERVICE_ACCOUNT_NAMESPACES: GLOBAL,
      },
    });
    const { core, rbac } = stack;
    await core.createNamespace({ body: { metadata: { name: GLOBAL } } });
    await core.createNamespacedServiceAccount({
      namespace: GLOBAL,
      body: { metadata: { name: "project-creators", annotations: { "rbac.kargo.akuity.io/claims": JSON.stringify({ email: ["carol@example.com"] }) } } },
    });
    await rbac.createClusterRole({
      body: { metadata: { name: "project-creator" }, rules: [{ apiGroups: ["kargo.akuity.io"], resources: ["projects"], verbs: ["create", "get"] }] },
    });
    await rbac.createClusterRole({ body: { metadata: { name: "everything" }, rules: [{ apiGroups: ["*"], resources: ["*"], verbs: ["*"] }] } });
    await rbac.createClusterRoleBinding({
      body: {
        metadata: { name: "project-creators" },
        roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "project-creator" },
        subjects: [{ kind: "ServiceAccount", name: "project-creators", namespace: GLOBAL }],
      },
    });
    provider.setAccount("carol", { email: "carol@example.com" });
    carol = (await oidcLogin(provider.issuer, provider.web, "carol")).idToken;
    // The claims index follows a ServiceAccount informer: wait until carol maps to the global account.
    while ((await stack.client(AuthService, carol).whoAmI({})).serviceAccounts.length === 0) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  });

  afterAll(async () => {
    await stack?.close();
    await provider?.close();
  });

  it("creates the project and, as its new admin, the objects inside it — but no binding beyond what the creator holds", async () => {
    const everything = {
      apiVersion: "rbac.authorization.k8s.io/v1",
      kind: "RoleBinding",
      metadata: { name: "everything", namespace: "carols" },
      roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "everything" },
      subjects: [{ apiGroup: "rbac.authorization.k8s.io", kind: "User", name: "carol@example.com" }],
    };
    const project = { apiVersion: "kargo.akuity.io/v1alpha1", kind: "Project", metadata: { name: "carols" } };
    const { results } = await stack
      .client(ResourceService, carol)
      .createResource({ manifest: manifest(warehouse("carols", "images"), stage("carols", "test"), everything, configMap("carols", "notes"), project) });
    expect(outcomes(results)).toEqual([
      "Project /carols: createdResource",
      "Warehouse carols/images: createdResource",
      "Stage carols/test: createdResource",
      "RoleBinding carols/everything: permission_denied",
      "ConfigMap carols/notes: createdResource",
    ]);
    expect(errorFor(results, "everything").message).toMatch(
      /^role binding "everything": requester may not grant permissions it does not hold: \* \* in namespace "carols"$/,
    );
    const created = await stack.custom.getClusterCustomObject({ group: "kargo.akuity.io", version: "v1alpha1", plural: "projects", name: "carols" });
    expect(created.metadata.annotations["kargo.akuity.io/create-actor"]).toBe("email:carol@example.com");
  });
});
