import { Code } from "@connectrpc/connect";
import { RbacService } from "../../../gen/kargo/api/v1/rbac_service_pb.js";
import { RESOURCES } from "../../../src/kube/index.js";
import { useKargoStack } from "../../support/use-kargo-stack.js";
import { createProject, createUnmanagedRole, errorOf, kubeOf } from "./rbac-fixtures.js";
import { eventually } from "../../support/eventually.js";

describe("RbacService.ListRoles", () => {
  const stack = useKargoStack();
  const rbac = () => stack().client(RbacService);

  beforeAll(async () => {
    await createProject(stack(), "list-roles");
    await createUnmanagedRole(stack(), "list-roles", "default");
    await kubeOf(stack()).create(RESOURCES.serviceaccounts, {
      metadata: { namespace: "kargo", name: "kargo-admin", labels: { "rbac.kargo.akuity.io/system-role": "true" } },
    });
    await eventually(async () => (await rbac().listRoles({ systemLevel: true })).roles.length === 1, "the system role");
  });

  it("is NOT_FOUND when the project does not exist", async () => {
    expect((await errorOf(rbac().listRoles({ project: "nope" }))).code).toBe(Code.NotFound);
  });

  it("lists the roles Kargo manages, sorted by name", async () => {
    const { roles, totalSize } = await rbac().listRoles({ project: "list-roles" });
    expect(roles.map((r) => [r.metadata?.name, r.kargoManaged])).toEqual([
      ["kargo-admin", true],
      ["kargo-promoter", true],
      ["kargo-viewer", true],
    ]);
    expect(totalSize).toBe(3);
  });

  it("lists every ServiceAccount as a role with include_unmanaged", async () => {
    const { roles } = await rbac().listRoles({ project: "list-roles", includeUnmanaged: true });
    expect(roles.map((r) => [r.metadata?.name, r.kargoManaged])).toEqual([
      ["default", false],
      ["kargo-admin", true],
      ["kargo-promoter", true],
      ["kargo-viewer", true],
    ]);
  });

  it("pages", async () => {
    const first = await rbac().listRoles({ project: "list-roles", pageSize: 2 });
    expect(first.roles.map((r) => r.metadata?.name)).toEqual(["kargo-admin", "kargo-promoter"]);
    const second = await rbac().listRoles({ project: "list-roles", pageSize: 2, pageToken: first.nextPageToken });
    expect(second.roles.map((r) => r.metadata?.name)).toEqual(["kargo-viewer"]);
    expect(second.nextPageToken).toBe("");
    // A token is tied to its query.
    expect((await errorOf(rbac().listRoles({ project: "list-roles", includeUnmanaged: true, pageToken: first.nextPageToken }))).code).toBe(
      Code.InvalidArgument,
    );
  });

  it("returns the underlying objects with as_resources", async () => {
    const { roles, resources } = await rbac().listRoles({ project: "list-roles", asResources: true });
    expect(roles).toEqual([]);
    expect(resources.map((r) => JSON.parse(new TextDecoder().decode(r.serviceAccount)).metadata.name)).toEqual([
      "kargo-admin",
      "kargo-promoter",
      "kargo-viewer",
    ]);
  });

  it("lists the system-level roles: ServiceAccounts of the Kargo namespace labelled as such", async () => {
    const { roles } = await rbac().listRoles({ systemLevel: true });
    expect(roles.map((r) => [r.metadata?.name, r.metadata?.namespace])).toEqual([["kargo-admin", "kargo"]]);
  });
});
