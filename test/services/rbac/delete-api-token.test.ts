import { Code } from "@connectrpc/connect";
import { AuthService } from "../../../gen/kargo/api/v1/auth_service_pb.js";
import { CredentialsService } from "../../../gen/kargo/api/v1/credentials_service_pb.js";
import { RbacService } from "../../../gen/kargo/api/v1/rbac_service_pb.js";
import { RESOURCES } from "../../../src/kube/index.js";
import { useKargoStack } from "../../support/use-kargo-stack.js";
import { codeOf, createProject, errorOf, kubeOf, readObject } from "./rbac-fixtures.js";

// The auth layer trusts an accepted Kubernetes token for AUTHORIZATION_CACHE_TTL; this stack sets
// it to a minute, so only DeleteAPIToken dropping the cached acceptance makes revocation immediate.
describe("RbacService.DeleteAPIToken", () => {
  const stack = useKargoStack({ env: { AUTHORIZATION_CACHE_TTL: "60s" } });
  const rbac = () => stack().client(RbacService);

  beforeAll(async () => {
    await createProject(stack(), "del-tokens");
    await rbac().createRole({
      role: {
        metadata: { namespace: "del-tokens", name: "ci" },
        rules: [
          { resources: ["serviceaccounts"], verbs: ["get"] },
          { apiGroups: ["rbac.authorization.k8s.io"], resources: ["roles", "rolebindings"], verbs: ["list"] },
        ],
      },
    });
  });

  describe("errors", () => {
    it("is INVALID_ARGUMENT when name is empty", async () => {
      expect((await errorOf(rbac().deleteAPIToken({ project: "del-tokens" }))).code).toBe(Code.InvalidArgument);
    });

    it("is NOT_FOUND when the token does not exist", async () => {
      expect((await errorOf(rbac().deleteAPIToken({ project: "del-tokens", name: "missing" }))).code).toBe(Code.NotFound);
    });

    it("is NOT_FOUND, and deletes nothing, for a token Secret Kargo did not make", async () => {
      const kube = kubeOf(stack());
      await kube.create(RESOURCES.secrets, {
        metadata: {
          namespace: "del-tokens",
          name: "foreign",
          labels: { "rbac.kargo.akuity.io/api-token": "true" },
          annotations: { "kubernetes.io/service-account.name": "kargo-viewer" },
        },
        type: "kubernetes.io/service-account-token",
      });
      expect((await errorOf(rbac().deleteAPIToken({ project: "del-tokens", name: "foreign" }))).code).toBe(Code.NotFound);
      expect(await readObject(stack(), RESOURCES.secrets, "del-tokens", "foreign")).toBeDefined();
    });
  });

  describe("the API token lifecycle", () => {
    it("creates a token acting as the role, shows it redacted afterwards, and revokes it at once on delete", async () => {
      const { token } = await rbac().createAPIToken({ project: "del-tokens", roleName: "ci", name: "ci-token" });
      const bearer = token!.token;
      const asToken = stack().client(RbacService, bearer);

      // The token is the role's ServiceAccount: exactly its rules.
      const me = await stack().client(AuthService, bearer).whoAmI({});
      expect(me).toMatchObject({ authMethod: "kubernetes", serviceAccounts: [expect.objectContaining({ namespace: "del-tokens", name: "ci" })] });
      expect((await asToken.getRole({ project: "del-tokens", name: "ci" })).result.case).toBe("role");
      expect(await codeOf(asToken.listRoles({ project: "del-tokens" }))).toBe(Code.PermissionDenied);
      expect(await codeOf(stack().client(CredentialsService, bearer).listRepoCredentials({ project: "del-tokens" }))).toBe(Code.PermissionDenied);

      // Never shown again.
      const got = await rbac().getAPIToken({ project: "del-tokens", name: "ci-token" });
      expect(got.result.value).toMatchObject({ token: "*** REDACTED ***" });
      expect((await rbac().listAPITokens({ project: "del-tokens", roleName: "ci" })).tokens.map((t) => t.token)).toEqual(["*** REDACTED ***"]);

      await rbac().deleteAPIToken({ project: "del-tokens", name: "ci-token" });
      expect(await codeOf(asToken.getRole({ project: "del-tokens", name: "ci" }))).toBe(Code.Unauthenticated);
      expect(await readObject(stack(), RESOURCES.secrets, "del-tokens", "ci-token")).toBeUndefined();
      expect((await errorOf(rbac().getAPIToken({ project: "del-tokens", name: "ci-token" }))).code).toBe(Code.NotFound);
    });

    it("revokes a role's tokens at once when the role is deleted", async () => {
      await rbac().createRole({
        role: { metadata: { namespace: "del-tokens", name: "short-lived" }, rules: [{ resources: ["serviceaccounts"], verbs: ["get"] }] },
      });
      const bearer = (await rbac().createAPIToken({ project: "del-tokens", roleName: "short-lived", name: "sl-token" })).token!.token;
      const whoAmI = () => stack().client(AuthService, bearer).whoAmI({});
      expect(await codeOf(whoAmI())).toBe("OK");
      await rbac().deleteRole({ project: "del-tokens", name: "short-lived" });
      expect(await codeOf(whoAmI())).toBe(Code.Unauthenticated);
    });
  });
});
