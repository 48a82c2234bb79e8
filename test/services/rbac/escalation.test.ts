import { Code } from "@connectrpc/connect";
import { RbacService } from "../../../gen/kargo/api/v1/rbac_service_pb.js";
import { RESOURCES } from "../../../src/kube/index.js";
import { createProject, errorOf, readObject, useOidcStack } from "./rbac-fixtures.js";

// Escalation prevention (docs/api-behaviour.md): RBAC objects are written with the server's
// credentials, so every write that grants permissions re-checks, as the caller, that the caller
// holds each of them. Callers here are OIDC users mapped to the project's default roles.
describe("escalation prevention", () => {
  const oidc = useOidcStack();
  const rbacAs = (token: string) => oidc().stack.client(RbacService, token);
  let alice: string; // kargo-admin of "esc"
  let bob: string; // kargo-promoter of "esc", plus a role that may create roles

  beforeAll(async () => {
    const { stack } = oidc();
    await createProject(stack, "esc");
    const admin = stack.client(RbacService);
    const claim = (email: string) => ({ case: "userClaims" as const, value: { claims: [{ name: "email", values: [email] }] } });
    await admin.grant({ project: "esc", role: "kargo-admin", request: claim("alice@example.com") });
    await admin.grant({ project: "esc", role: "kargo-promoter", request: claim("bob@example.com") });
    await admin.createRole({
      role: {
        metadata: { namespace: "esc", name: "role-maker" },
        claims: [{ name: "email", values: ["bob@example.com"] }],
        rules: [
          { resources: ["serviceaccounts"], verbs: ["create"] },
          { apiGroups: ["rbac.authorization.k8s.io"], resources: ["roles", "rolebindings"], verbs: ["create"] },
        ],
      },
    });
    // A role with a permission no project admin holds.
    await admin.createRole({ role: { metadata: { namespace: "esc", name: "event-writer" }, rules: [{ resources: ["events"], verbs: ["create"] }] } });
    alice = await oidc().signIn("alice");
    bob = await oidc().signIn("bob");
    await oidc().untilMapped(alice, 1);
    await oidc().untilMapped(bob, 2);
  });

  describe("a project admin", () => {
    it("cannot grant a verb it lacks", async () => {
      const error = await errorOf(
        rbacAs(alice).grant({
          project: "esc",
          role: "kargo-viewer",
          request: { case: "resourceDetails", value: { resourceType: "events", verbs: ["create"] } },
        }),
      );
      expect(error.code).toBe(Code.PermissionDenied);
      expect(error.rawMessage).toBe('requester may not grant permissions it does not hold: create events in namespace "esc"');
      const viewer = await rbacAs(alice).getRole({ project: "esc", name: "kargo-viewer" });
      expect(viewer.result.case === "role" && viewer.result.value.rules.some((r) => r.resources.includes("events") && r.verbs.includes("create"))).toBe(false);
    });

    it("can grant a verb it holds", async () => {
      const { role } = await rbacAs(alice).grant({
        project: "esc",
        role: "kargo-viewer",
        request: { case: "resourceDetails", value: { resourceType: "stages", resourceName: "prod", verbs: ["promote"] } },
      });
      expect(role?.rules).toContainEqual(
        expect.objectContaining({ apiGroups: ["kargo.akuity.io"], resources: ["stages"], resourceNames: ["prod"], verbs: ["promote"] }),
      );
    });

    it("cannot map users to a role holding more than it does", async () => {
      const error = await errorOf(
        rbacAs(alice).grant({
          project: "esc",
          role: "event-writer",
          request: { case: "userClaims", value: { claims: [{ name: "email", values: ["alice@example.com"] }] } },
        }),
      );
      expect(error.code).toBe(Code.PermissionDenied);
      expect((await readObject(oidc().stack, RESOURCES.serviceaccounts, "esc", "event-writer"))?.metadata.annotations?.["rbac.kargo.akuity.io/claims"]).toBe(
        "{}",
      );
    });

    it("cannot update a role to more than it holds, and nothing is written", async () => {
      const before = await readObject(oidc().stack, RESOURCES.serviceaccounts, "esc", "kargo-viewer");
      const error = await errorOf(
        rbacAs(alice).updateRole({
          role: {
            metadata: { namespace: "esc", name: "kargo-viewer" },
            claims: [{ name: "email", values: ["x@example.com"] }],
            rules: [{ resources: ["events"], verbs: ["*"] }],
          },
        }),
      );
      expect(error.code).toBe(Code.PermissionDenied);
      const after = await readObject(oidc().stack, RESOURCES.serviceaccounts, "esc", "kargo-viewer");
      expect(after?.metadata.resourceVersion).toBe(before?.metadata.resourceVersion);
    });

    it("cannot mint an API token of a role holding more than it does", async () => {
      expect((await errorOf(rbacAs(alice).createAPIToken({ project: "esc", roleName: "event-writer", name: "sneaky" }))).code).toBe(Code.PermissionDenied);
      expect(await readObject(oidc().stack, RESOURCES.secrets, "esc", "sneaky")).toBeUndefined();
    });
  });

  describe("a promoter allowed to create roles", () => {
    it("cannot create a role that can delete", async () => {
      const error = await errorOf(
        rbacAs(bob).createRole({ role: { metadata: { namespace: "esc", name: "deleter" }, rules: [{ resources: ["stages"], verbs: ["get", "delete"] }] } }),
      );
      expect(error.code).toBe(Code.PermissionDenied);
      expect(error.rawMessage).toContain('delete stages in namespace "esc"');
      expect(await readObject(oidc().stack, RESOURCES.serviceaccounts, "esc", "deleter")).toBeUndefined();
    });

    it("cannot create a role with `*` on stages, which includes every verb", async () => {
      expect(
        (await errorOf(rbacAs(bob).createRole({ role: { metadata: { namespace: "esc", name: "star" }, rules: [{ resources: ["stages"], verbs: ["*"] }] } })))
          .code,
      ).toBe(Code.PermissionDenied);
    });

    it("can create a role with what it holds", async () => {
      const { role } = await rbacAs(bob).createRole({
        role: { metadata: { namespace: "esc", name: "promoter-2" }, rules: [{ resources: ["stages"], verbs: ["get", "promote"] }] },
      });
      expect(role?.rules).toEqual([expect.objectContaining({ apiGroups: ["kargo.akuity.io"], resources: ["stages"], verbs: ["get", "promote"] })]);
    });
  });
});
