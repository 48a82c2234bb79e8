import { Code } from "@connectrpc/connect";
import { RbacService } from "../../../gen/kargo/api/v1/rbac_service_pb.js";
import { RESOURCES } from "../../../src/kube/index.js";
import { useKargoStack } from "../../support/use-kargo-stack.js";
import { createProject, createUnmanagedRole, errorOf, readObject } from "./rbac-fixtures.js";

describe("RbacService.DeleteRole", () => {
  const stack = useKargoStack();
  const rbac = () => stack().client(RbacService);

  beforeAll(async () => {
    await createProject(stack(), "delete-roles");
    await createUnmanagedRole(stack(), "delete-roles", "hand-made", []);
  });

  it("is INVALID_ARGUMENT when the name is empty", async () => {
    expect((await errorOf(rbac().deleteRole({ project: "delete-roles" }))).code).toBe(Code.InvalidArgument);
  });

  it("is NOT_FOUND when the project does not exist", async () => {
    expect((await errorOf(rbac().deleteRole({ project: "nope", name: "kargo-viewer" }))).code).toBe(Code.NotFound);
  });

  it("is NOT_FOUND when the role does not exist", async () => {
    expect((await errorOf(rbac().deleteRole({ project: "delete-roles", name: "ghost" }))).code).toBe(Code.NotFound);
  });

  it("is FAILED_PRECONDITION, deleting nothing, for a role Kargo does not manage", async () => {
    expect((await errorOf(rbac().deleteRole({ project: "delete-roles", name: "hand-made" }))).code).toBe(Code.FailedPrecondition);
    expect(await readObject(stack(), RESOURCES.serviceaccounts, "delete-roles", "hand-made")).toBeDefined();
  });

  it("deletes the Role, the RoleBinding and the ServiceAccount", async () => {
    await rbac().deleteRole({ project: "delete-roles", name: "kargo-viewer" });
    for (const type of [RESOURCES.roles, RESOURCES.rolebindings, RESOURCES.serviceaccounts]) {
      expect(await readObject(stack(), type, "delete-roles", "kargo-viewer")).toBeUndefined();
    }
    expect((await errorOf(rbac().getRole({ project: "delete-roles", name: "kargo-viewer" }))).code).toBe(Code.NotFound);
  });
});
