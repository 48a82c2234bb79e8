import { inMemoryRbacObjects } from "../../../src/embedded/rbac/in-memory-rbac-objects.js";
import { rulesFor } from "../../../src/embedded/rbac/rules-for.js";
import { clusterRoles, objects, users } from "./fixtures.js";

const rulesOf = (name: string) => clusterRoles.find((r) => r.metadata.name === name)!.rules!;

describe("rulesFor", () => {
  it("lists ClusterRoleBinding rules first, then the namespace's RoleBinding rules", () => {
    expect(rulesFor(objects, users.ci, "demo")).toEqual([
      ...rulesOf("health"),
      { verbs: ["create", "update", "delete"], apiGroups: ["kargo.akuity.io"], resources: ["stages"] },
      ...rulesOf("kargo-promoter"),
      ...rulesOf("kargo-viewer"),
      ...rulesOf("freight-approver"),
    ]);
  });

  it("lists a rule bound twice once", () => {
    expect(rulesFor(objects, users.ci, "other")).toEqual([...rulesOf("health"), ...rulesOf("all-verbs-stages")]);
  });

  it.each([[""], [undefined]])("lists only cluster-wide rules for namespace %j", (namespace) => {
    expect(rulesFor(objects, users.ci, namespace)).toEqual(rulesOf("health"));
  });

  it("lists nothing for a binding whose role is missing", () => {
    expect(rulesFor(objects, users.bob, "demo")).toEqual(rulesOf("health"));
  });

  it("lists nothing for a role with null rules", () => {
    const world = inMemoryRbacObjects({
      clusterRoles: [{ metadata: { name: "empty" }, rules: null }],
      clusterRoleBindings: [
        {
          metadata: { name: "b" },
          subjects: [{ kind: "User", name: "u" }],
          roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "empty" },
        },
      ],
    });
    expect(rulesFor(world, { username: "u", groups: [] }, "demo")).toEqual([]);
  });
});
