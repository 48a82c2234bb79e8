import { creatorAdminClaims, formatClaimsAnnotation } from "../../src/domain/creator-admin-claims.js";
import { defaultProjectRoles } from "../../src/domain/default-project-roles.js";
import { kargoEvent } from "../../src/domain/kargo-event.js";
import { promotionEventAnnotations } from "../../src/domain/freight-event-annotations.js";

describe("defaultProjectRoles", () => {
  it("is a managed ServiceAccount, Role and RoleBinding for each of kargo-admin, kargo-viewer, kargo-promoter", () => {
    const objects = defaultProjectRoles("demo", { adminClaims: { email: ["a@b.c"] } });
    expect(objects.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual([
      "ServiceAccount/kargo-admin",
      "ServiceAccount/kargo-viewer",
      "ServiceAccount/kargo-promoter",
      "Role/kargo-admin",
      "Role/kargo-viewer",
      "Role/kargo-promoter",
      "RoleBinding/kargo-admin",
      "RoleBinding/kargo-viewer",
      "RoleBinding/kargo-promoter",
    ]);
    for (const object of objects) {
      expect(object.metadata.namespace).toBe("demo");
      expect(object.metadata.annotations?.["rbac.kargo.akuity.io/managed"]).toBe("true");
    }
    const claims = objects.filter((o) => o.metadata.annotations?.["rbac.kargo.akuity.io/claims"] !== undefined);
    expect(claims.map((o) => o.metadata.name)).toEqual(["kargo-admin"]);
    expect(claims[0]!.metadata.annotations!["rbac.kargo.akuity.io/claims"]).toBe('{"email":["a@b.c"]}');
  });

  it("lets the promoter promote and create promotions but the viewer only read", () => {
    const roles = Object.fromEntries(
      defaultProjectRoles("demo")
        .filter((o) => o.kind === "Role")
        .map((o) => [o.metadata.name, o["rules"] as any[]]),
    );
    const grants = (role: string, resource: string, verb: string) =>
      roles[role]!.some((r: { resources: string[]; verbs: string[] }) => r.resources.includes(resource) && (r.verbs.includes(verb) || r.verbs.includes("*")));
    expect(grants("kargo-promoter", "stages", "promote")).toBe(true);
    expect(grants("kargo-promoter", "promotions", "create")).toBe(true);
    expect(grants("kargo-viewer", "stages", "promote")).toBe(false);
    expect(grants("kargo-viewer", "secrets", "get")).toBe(false);
    expect(grants("kargo-admin", "secrets", "create")).toBe(true);
  });
});

describe("creatorAdminClaims", () => {
  it("derives the claim from a <claim>:<value> actor, mapping subject to sub", () => {
    expect(creatorAdminClaims({ actor: "email:alice@example.com" })).toEqual({ email: ["alice@example.com"] });
    expect(creatorAdminClaims({ actor: "subject:123" })).toEqual({ sub: ["123"] });
  });

  it("maps nobody for admin and Kubernetes actors", () => {
    expect(creatorAdminClaims({ actor: "admin" })).toBeUndefined();
    expect(creatorAdminClaims({ actor: "kubernetes:system:serviceaccount:x:y" })).toBeUndefined();
  });

  it("prefers the full claims, keeping string values sorted and unique", () => {
    expect(creatorAdminClaims({ actor: "email:x", claims: { email: "a@b.c", groups: ["ops", "dev", "ops"], exp: 5 } })).toEqual({
      email: ["a@b.c"],
      groups: ["dev", "ops"],
    });
  });

  it("formats the annotation with sorted keys and values", () => {
    expect(formatClaimsAnnotation({ z: ["b", "a"], a: ["x"] })).toBe('{"a":["x"],"z":["a","b"]}');
  });
});

describe("kargoEvent", () => {
  it("builds a core Event with the event.kargo.akuity.io annotations", () => {
    const promotion = {
      apiVersion: "kargo.akuity.io/v1alpha1",
      kind: "Promotion",
      metadata: { name: "p1", namespace: "demo", uid: "u1" },
      spec: { stage: "test", freight: "f1" },
    };
    const event = kargoEvent({
      reason: "PromotionCreated",
      involvedObject: promotion,
      message: 'Promotion created for Stage "test" by "admin"',
      annotations: promotionEventAnnotations(promotion),
      actor: "admin",
      now: new Date("2026-01-01T00:00:00.123Z"),
    });
    expect(event).toMatchObject({
      apiVersion: "v1",
      kind: "Event",
      metadata: {
        namespace: "demo",
        annotations: {
          "event.kargo.akuity.io/project": "demo",
          "event.kargo.akuity.io/actor": "admin",
          "event.kargo.akuity.io/stage-name": "test",
          "event.kargo.akuity.io/promotion-name": "p1",
          "event.kargo.akuity.io/freight-name": "f1",
        },
      },
      involvedObject: { kind: "Promotion", name: "p1", namespace: "demo", uid: "u1" },
      reason: "PromotionCreated",
      type: "Normal",
      firstTimestamp: "2026-01-01T00:00:00Z",
    });
    expect(event.metadata.name).toMatch(/^p1\.[0-9a-f]{16}$/u);
    expect(kargoEvent({ reason: "PromotionFailed", involvedObject: promotion, message: "x" })["type"]).toBe("Warning");
  });
});
