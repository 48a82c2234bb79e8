import type { FieldErrorReason } from "../../../src/domain/validation/field-error.js";
import { validateRbacObject } from "../../../src/domain/validation/validate-rbac-object.js";

const RBAC = "rbac.authorization.k8s.io";
const role = {
  metadata: { name: "kargo-viewer", namespace: "kargo-demo" },
  rules: [{ verbs: ["get", "list"], apiGroups: ["kargo.akuity.io"], resources: ["stages", "stages/status"], resourceNames: ["prod"] }],
};
const clusterRole = { metadata: { name: "system:kargo:health" }, rules: [{ verbs: ["get"], nonResourceURLs: ["/healthz", "/metrics/*"] }] };
const roleBinding = {
  metadata: { name: "kargo-viewer", namespace: "kargo-demo" },
  roleRef: { apiGroup: RBAC, kind: "Role", name: "kargo-viewer" },
  subjects: [
    { kind: "ServiceAccount", name: "kargo-viewer" },
    { kind: "User", apiGroup: RBAC, name: "alice@example.com" },
    { kind: "Group", apiGroup: RBAC, name: "system:serviceaccounts:kargo-demo" },
  ],
};
const clusterRoleBinding = {
  metadata: { name: "kargo-admins" },
  roleRef: { apiGroup: RBAC, kind: "ClusterRole", name: "system:kargo:admin" },
  subjects: [{ kind: "ServiceAccount", name: "kargo-admin", namespace: "kargo" }],
};

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const changed = (fixture: object, change: (o: any) => void): object => {
  const copy = structuredClone(fixture);
  change(copy);
  return copy;
};

describe("validateRbacObject", () => {
  it.each<[string, object]>([
    ["roles", role],
    ["clusterroles", clusterRole],
    ["rolebindings", roleBinding],
    ["clusterrolebindings", clusterRoleBinding],
    ["roles", { metadata: { name: "empty" } }],
    [
      "rolebindings",
      changed(roleBinding, (o) => {
        o.roleRef.kind = "ClusterRole";
        delete o.subjects;
      }),
    ],
  ])("accepts valid %s", (resource, object) => {
    expect(validateRbacObject(resource, object)).toEqual([]);
  });

  it.each<[string, string, object, string, FieldErrorReason]>([
    [
      "a rule without verbs",
      "roles",
      changed(role, (o) => {
        o.rules[0].verbs = [];
      }),
      "rules[0].verbs",
      "FieldValueRequired",
    ],
    [
      "a resource rule without groups",
      "roles",
      changed(role, (o) => {
        delete o.rules[0].apiGroups;
      }),
      "rules[0].apiGroups",
      "FieldValueRequired",
    ],
    ["a resource rule without resources", "clusterroles", { rules: [{ verbs: ["get"], apiGroups: [""] }] }, "rules[0].resources", "FieldValueRequired"],
    ["non-resource URLs in a Role", "roles", { rules: [{ verbs: ["get"], nonResourceURLs: ["/healthz"] }] }, "rules[0].nonResourceURLs", "FieldValueInvalid"],
    [
      "non-resource URLs mixed with resources",
      "clusterroles",
      changed(clusterRole, (o) => {
        o.rules[0].resources = ["pods"];
      }),
      "rules[0].nonResourceURLs",
      "FieldValueInvalid",
    ],
    [
      "verbs that are not strings",
      "roles",
      changed(role, (o) => {
        o.rules[0].verbs = [1];
      }),
      "rules[0].verbs[0]",
      "FieldValueTypeInvalid",
    ],
    [
      "a binding without roleRef",
      "rolebindings",
      changed(roleBinding, (o) => {
        delete o.roleRef;
      }),
      "roleRef",
      "FieldValueRequired",
    ],
    [
      "a roleRef of another group",
      "rolebindings",
      changed(roleBinding, (o) => {
        o.roleRef.apiGroup = "rbac.kargo.akuity.io";
      }),
      "roleRef.apiGroup",
      "FieldValueNotSupported",
    ],
    [
      "a roleRef of another kind",
      "rolebindings",
      changed(roleBinding, (o) => {
        o.roleRef.kind = "KargoRole";
      }),
      "roleRef.kind",
      "FieldValueNotSupported",
    ],
    [
      "a ClusterRoleBinding to a Role",
      "clusterrolebindings",
      changed(clusterRoleBinding, (o) => {
        o.roleRef.kind = "Role";
      }),
      "roleRef.kind",
      "FieldValueNotSupported",
    ],
    [
      "a roleRef without name",
      "rolebindings",
      changed(roleBinding, (o) => {
        o.roleRef.name = "";
      }),
      "roleRef.name",
      "FieldValueRequired",
    ],
    [
      "a roleRef name with a slash",
      "rolebindings",
      changed(roleBinding, (o) => {
        o.roleRef.name = "a/b";
      }),
      "roleRef.name",
      "FieldValueInvalid",
    ],
    [
      "a subject of unknown kind",
      "rolebindings",
      changed(roleBinding, (o) => {
        o.subjects[0].kind = "Robot";
      }),
      "subjects[0].kind",
      "FieldValueNotSupported",
    ],
    [
      "a subject without name",
      "rolebindings",
      changed(roleBinding, (o) => {
        delete o.subjects[1].name;
      }),
      "subjects[1].name",
      "FieldValueRequired",
    ],
    [
      "a subject with an empty name",
      "rolebindings",
      changed(roleBinding, (o) => {
        o.subjects[2].name = "";
      }),
      "subjects[2].name",
      "FieldValueRequired",
    ],
    [
      "a ServiceAccount with an invalid name",
      "rolebindings",
      changed(roleBinding, (o) => {
        o.subjects[0].name = "Kargo_Viewer";
      }),
      "subjects[0].name",
      "FieldValueInvalid",
    ],
    [
      "a ServiceAccount with the RBAC group",
      "rolebindings",
      changed(roleBinding, (o) => {
        o.subjects[0].apiGroup = RBAC;
      }),
      "subjects[0].apiGroup",
      "FieldValueNotSupported",
    ],
    [
      "a User without the RBAC group",
      "rolebindings",
      changed(roleBinding, (o) => {
        delete o.subjects[1].apiGroup;
      }),
      "subjects[1].apiGroup",
      "FieldValueNotSupported",
    ],
    [
      "a ClusterRoleBinding ServiceAccount without namespace",
      "clusterrolebindings",
      changed(clusterRoleBinding, (o) => {
        delete o.subjects[0].namespace;
      }),
      "subjects[0].namespace",
      "FieldValueRequired",
    ],
  ])("reports %s", (_, resource, object, field, reason) => {
    expect(validateRbacObject(resource, object)).toEqual([expect.objectContaining({ field, reason })]);
  });

  describe("on update", () => {
    it("rejects a changed roleRef", () => {
      const updated = changed(roleBinding, (o) => {
        o.roleRef.name = "kargo-admin";
      });
      expect(validateRbacObject("rolebindings", updated, roleBinding)).toEqual([
        expect.objectContaining({ field: "roleRef", reason: "FieldValueInvalid", message: expect.stringContaining("cannot change roleRef") }),
      ]);
    });

    it("accepts the same roleRef with members in another order, and changed subjects", () => {
      const updated = changed(roleBinding, (o) => {
        o.roleRef = { name: "kargo-viewer", kind: "Role", apiGroup: RBAC };
        o.subjects = [];
      });
      expect(validateRbacObject("rolebindings", updated, roleBinding)).toEqual([]);
    });
  });

  it("has no checks for other resources", () => {
    expect(validateRbacObject("stages", { spec: 1 })).toEqual([]);
  });
});
