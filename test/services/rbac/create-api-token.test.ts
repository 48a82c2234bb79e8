import { Code } from "@connectrpc/connect";
import { RbacService } from "../../../gen/kargo/api/v1/rbac_service_pb.js";
import { RESOURCES } from "../../../src/kube/index.js";
import { useKargoStack } from "../../support/use-kargo-stack.js";
import { createProject, errorOf, kubeOf, readObject } from "./rbac-fixtures.js";

describe("RbacService.CreateAPIToken", () => {
  const stack = useKargoStack();
  const rbac = () => stack().client(RbacService);

  beforeAll(async () => {
    await createProject(stack(), "tokens");
  });

  describe("errors", () => {
    it.each([
      ["role_name", { project: "tokens", name: "t" }, "role_name should not be empty"],
      ["name", { project: "tokens", roleName: "kargo-viewer" }, "name should not be empty"],
      // Refused by the authorization interceptor: nothing can be authorized without a project.
      ["project", { roleName: "kargo-viewer", name: "t" }, "project is required"],
    ])("is INVALID_ARGUMENT naming %s when it is empty", async (_field, request, message) => {
      const error = await errorOf(rbac().createAPIToken(request));
      expect(error.code).toBe(Code.InvalidArgument);
      expect(error.rawMessage).toContain(message);
    });

    it("is NOT_FOUND when the project does not exist", async () => {
      expect((await errorOf(rbac().createAPIToken({ project: "nope", roleName: "kargo-viewer", name: "t" }))).code).toBe(Code.NotFound);
    });

    it("is NOT_FOUND when the role does not exist", async () => {
      const error = await errorOf(rbac().createAPIToken({ project: "tokens", roleName: "ghost", name: "t" }));
      expect(error.code).toBe(Code.NotFound);
      expect(error.rawMessage).toBe('role "ghost" not found in project "tokens"');
    });

    it("is NOT_FOUND at system level for a ServiceAccount of the Kargo namespace that is not a system role", async () => {
      expect((await errorOf(rbac().createAPIToken({ systemLevel: true, roleName: "kargo-api", name: "t" }))).code).toBe(Code.NotFound);
    });

    it("is ALREADY_EXISTS when the name is taken", async () => {
      await kubeOf(stack()).create(RESOURCES.secrets, { metadata: { namespace: "tokens", name: "taken" }, stringData: { a: "b" } });
      expect((await errorOf(rbac().createAPIToken({ project: "tokens", roleName: "kargo-viewer", name: "taken" }))).code).toBe(Code.AlreadyExists);
    });
  });

  describe("success", () => {
    it("returns the token in clear, once, stored as a service-account-token Secret owned by the role's ServiceAccount", async () => {
      const { token } = await rbac().createAPIToken({ project: "tokens", roleName: "kargo-viewer", name: "ci", description: "for CI" });
      expect(token?.token).toMatch(/^eyJ[\w-]+\.[\w-]+\.[\w-]+$/);
      expect(token).toMatchObject({
        roleName: "kargo-viewer",
        systemLevel: false,
        metadata: { name: "ci", namespace: "tokens", annotations: { "kargo.akuity.io/description": "for CI" } },
      });

      const secret = await readObject(stack(), RESOURCES.secrets, "tokens", "ci");
      const sa = await readObject(stack(), RESOURCES.serviceaccounts, "tokens", "kargo-viewer");
      expect(secret).toMatchObject({
        type: "kubernetes.io/service-account-token",
        metadata: {
          labels: { "rbac.kargo.akuity.io/api-token": "true" },
          annotations: { "kubernetes.io/service-account.name": "kargo-viewer", "rbac.kargo.akuity.io/managed": "true" },
          ownerReferences: [{ apiVersion: "v1", kind: "ServiceAccount", name: "kargo-viewer", uid: sa?.metadata.uid }],
        },
      });
      expect(Buffer.from((secret?.["data"] as Record<string, string>)["token"]!, "base64").toString()).toBe(token?.token);
    });
  });
});
