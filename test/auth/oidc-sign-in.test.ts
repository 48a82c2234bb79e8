import { Code } from "@connectrpc/connect";
import { decodeProtectedHeader } from "jose";
import { AuthService } from "../../gen/kargo/api/v1/auth_service_pb.js";
import { StageService } from "../../gen/kargo/api/v1/stage_service_pb.js";
import { oidcLogin } from "../support/oidc-login.js";
import { useOidcProvider } from "../support/oidc-provider.js";
import { codeOf, drain } from "./support/expect-code.js";
import { createBoundRole, createClaimsServiceAccount, createProjectNamespace } from "./support/kube-fixtures.js";
import { useAuthStack } from "./support/start-auth-stack.js";
import { eventually } from "../support/eventually.js";

// End to end: a real OpenID provider, a browser-less authorization-code + PKCE login, the API
// server with the auth interceptors, and the embedded control plane as the Kubernetes API whose
// RBAC decides. Stage RPCs have no handlers here, so a call the authorizer lets through answers
// UNIMPLEMENTED, and one it refuses answers PERMISSION_DENIED.
describe("OIDC sign-in mapped to ServiceAccounts", () => {
  const provider = useOidcProvider();
  const stack = useAuthStack(() => ({
    oidc: { issuerUrl: provider().issuer, clientId: provider().web.clientId, cliClientId: provider().cli.clientId },
    globalServiceAccountNamespaces: ["kargo"],
  }));

  beforeAll(async () => {
    const { core, rbac, auth } = stack();
    provider().setAccount("alice", { email: "alice@example.com", groups: ["devs"] });
    provider().setAccount("bob", { email: "bob@example.com", groups: ["devs"] });
    provider().setAccount("carol", { email: "carol@example.com", groups: ["platform"] });
    await createProjectNamespace(core, "alpha");
    await createProjectNamespace(core, "beta");
    await createClaimsServiceAccount(core, "alpha", "stage-reader", { email: ["alice@example.com"] });
    await createBoundRole(rbac, "alpha", "stage-reader", "stage-reader", [{ apiGroups: ["kargo.akuity.io"], resources: ["stages"], verbs: ["get"] }]);
    // A global ServiceAccount (Kargo namespace) whose cluster-wide binding lets "platform" list stages.
    await createClaimsServiceAccount(core, "kargo", "platform-viewer", { groups: ["platform"] });
    await rbac.createClusterRole({
      body: { metadata: { name: "stage-lister" }, rules: [{ apiGroups: ["kargo.akuity.io"], resources: ["stages"], verbs: ["list"] }] },
    });
    await rbac.createClusterRoleBinding({
      body: {
        metadata: { name: "platform-viewer" },
        roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "stage-lister" },
        subjects: [{ kind: "ServiceAccount", name: "platform-viewer", namespace: "kargo" }],
      },
    });
    await eventually(
      () =>
        auth.claimsIndex.serviceAccountsFor({ email: "alice@example.com" }).length === 1 &&
        auth.claimsIndex.serviceAccountsFor({ groups: ["platform"] }).length === 1,
      "the claims index to map alice and carol",
    );
  });

  async function signIn(login: string, client: "web" | "cli" = "web"): Promise<string> {
    const p = provider();
    return (await oidcLogin(p.issuer, p[client], login)).idToken;
  }

  describe("a user mapped to a ServiceAccount allowed to get stages in alpha", () => {
    let stages: ReturnType<typeof stackClient>;
    const stackClient = (token: string) => stack().client(StageService, `Bearer ${token}`);
    beforeAll(async () => {
      stages = stackClient(await signIn("alice"));
    });

    it("may get a stage in alpha", async () => {
      expect(await codeOf(stages.getStage({ project: "alpha", name: "test" }))).toBe(Code.Unimplemented);
    });

    it("may not list stages in alpha", async () => {
      expect(await codeOf(stages.listStages({ project: "alpha" }))).toBe(Code.PermissionDenied);
    });

    it("may not delete a stage in alpha", async () => {
      expect(await codeOf(stages.deleteStage({ project: "alpha", name: "test" }))).toBe(Code.PermissionDenied);
    });

    it("may not get a stage in another project", async () => {
      expect(await codeOf(stages.getStage({ project: "beta", name: "test" }))).toBe(Code.PermissionDenied);
    });

    it("may not watch stages in alpha (server-streaming RPCs are authorized too)", async () => {
      expect(await codeOf(drain(stages.watchStages({ project: "alpha" })))).toBe(Code.PermissionDenied);
    });

    it("gets INVALID_ARGUMENT, not a decision, when the project is missing", async () => {
      expect(await codeOf(stages.getStage({ name: "test" }))).toBe(Code.InvalidArgument);
    });

    it("is described by WhoAmI with its claims and mapped ServiceAccount", async () => {
      const me = await stack()
        .client(AuthService, `Bearer ${await signIn("alice")}`)
        .whoAmI({});
      expect(me).toMatchObject({
        subject: "alice",
        username: "alice@example.com",
        email: "alice@example.com",
        groups: ["devs"],
        admin: false,
        authMethod: "oidc",
        actor: "email:alice@example.com",
        serviceAccounts: [expect.objectContaining({ namespace: "alpha", name: "stage-reader" })],
      });
      expect(me.claims).toMatchObject({ iss: provider().issuer, sub: "alice" });
      expect(Number(me.expireTime?.seconds)).toBeGreaterThan(Date.now() / 1000);
    });

    it("is authorized the same with an ID token of the CLI client", async () => {
      const cli = stackClient(await signIn("alice", "cli"));
      expect(await codeOf(cli.getStage({ project: "alpha", name: "test" }))).toBe(Code.Unimplemented);
    });
  });

  describe("a user mapped to nothing", () => {
    it("is denied even what the mapped user may do", async () => {
      const stages = stack().client(StageService, `Bearer ${await signIn("bob")}`);
      expect(await codeOf(stages.getStage({ project: "alpha", name: "test" }))).toBe(Code.PermissionDenied);
    });

    it("still passes authentication (WhoAmI answers, with no ServiceAccounts)", async () => {
      const me = await stack()
        .client(AuthService, `Bearer ${await signIn("bob")}`)
        .whoAmI({});
      expect(me.serviceAccounts).toEqual([]);
    });
  });

  describe("a user mapped to a global ServiceAccount", () => {
    it("gets its cluster-wide permissions in every project", async () => {
      const stages = stack().client(StageService, `Bearer ${await signIn("carol")}`);
      expect(await codeOf(stages.listStages({ project: "alpha" }))).toBe(Code.Unimplemented);
      expect(await codeOf(stages.listStages({ project: "beta" }))).toBe(Code.Unimplemented);
      expect(await codeOf(stages.getStage({ project: "alpha", name: "test" }))).toBe(Code.PermissionDenied);
    });
  });

  describe("when the claims annotation changes", () => {
    it("applies the new mapping to the next requests", async () => {
      const alice = stack().client(StageService, `Bearer ${await signIn("alice")}`);
      const bob = stack().client(StageService, `Bearer ${await signIn("bob")}`);
      await stack().core.patchNamespacedServiceAccount({
        namespace: "alpha",
        name: "stage-reader",
        body: [{ op: "replace", path: "/metadata/annotations", value: { "rbac.kargo.akuity.io/claims": '{"email":["bob@example.com"]}' } }],
      });
      await eventually(async () => (await codeOf(bob.getStage({ project: "alpha", name: "test" }))) === Code.Unimplemented, "bob to be allowed");
      expect(await codeOf(alice.getStage({ project: "alpha", name: "test" }))).toBe(Code.PermissionDenied);
      // Put alice back for the rotation test.
      await stack().core.patchNamespacedServiceAccount({
        namespace: "alpha",
        name: "stage-reader",
        body: [{ op: "replace", path: "/metadata/annotations", value: { "rbac.kargo.akuity.io/claims": '{"email":["alice@example.com"]}' } }],
      });
      await eventually(async () => (await codeOf(alice.getStage({ project: "alpha", name: "test" }))) === Code.Unimplemented, "alice to be allowed again");
    });
  });

  describe("when the provider rotates its signing key", () => {
    it("accepts tokens signed with the new key", async () => {
      const before = await signIn("alice");
      expect(await codeOf(stack().client(AuthService, `Bearer ${before}`).whoAmI({}))).toBe("OK");
      await provider().rotateKey();
      const after = await signIn("alice");
      expect(decodeProtectedHeader(after).kid).toBe(provider().kid());
      expect(decodeProtectedHeader(after).kid).not.toBe(decodeProtectedHeader(before).kid);
      const stages = stack().client(StageService, `Bearer ${after}`);
      expect(await codeOf(stages.getStage({ project: "alpha", name: "test" }))).toBe(Code.Unimplemented);
      expect(await codeOf(stages.listStages({ project: "alpha" }))).toBe(Code.PermissionDenied);
    });
  });
});
