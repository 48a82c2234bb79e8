import { RbacAuthorizationV1Api } from "@kubernetes/client-node";
import { useEmbeddedControlPlane } from "../support/use-embedded-control-plane.js";
import { failureOf, kargoClient, serviceAccountToken, type KargoClient } from "./kargo-client.js";

const project = (name: string, annotations: Record<string, string> = {}) => ({
  apiVersion: "kargo.akuity.io/v1alpha1",
  kind: "Project",
  metadata: { name, annotations },
});

describe("Project admission", () => {
  const fixture = useEmbeddedControlPlane();
  let api: KargoClient;

  beforeAll(() => {
    api = kargoClient(fixture.kubeConfig());
  });

  describe("creating a Project (quickstart-shaped)", () => {
    let created: any;
    beforeAll(async () => {
      created = await api.create("projects", undefined, project("kargo-demo", { "kargo.akuity.io/create-actor": "email:alice@example.com" }));
    });

    it("answers with the Project marked Ready", () => {
      expect(created.status.conditions).toEqual([expect.objectContaining({ type: "Ready", status: "True", reason: "Synced" })]);
    });

    it("creates its namespace labelled as a project namespace", async () => {
      const namespace = await api.core.readNamespace({ name: "kargo-demo" });
      expect(namespace.metadata!.labels).toMatchObject({ "kargo.akuity.io/project": "true" });
    });

    it("creates the managed kargo-admin, kargo-viewer and kargo-promoter roles", async () => {
      const names = ["kargo-admin", "kargo-promoter", "kargo-viewer"];
      const accounts = await api.core.listNamespacedServiceAccount({ namespace: "kargo-demo" });
      const managed = accounts.items.filter((sa) => sa.metadata!.annotations?.["rbac.kargo.akuity.io/managed"] === "true");
      expect(managed.map((sa) => sa.metadata!.name).sort()).toEqual(names);
      const rbac = fixture.kubeConfig().makeApiClient(RbacAuthorizationV1Api);
      const roles = await rbac.listNamespacedRole({ namespace: "kargo-demo" });
      expect(roles.items.map((r) => r.metadata!.name).sort()).toEqual(names);
      const bindings = await rbac.listNamespacedRoleBinding({ namespace: "kargo-demo" });
      expect(bindings.items.map((b) => b.metadata!.name).sort()).toEqual(["kargo-admin", "kargo-project-admin", "kargo-promoter", "kargo-viewer"]);
      const admin = bindings.items.find((b) => b.metadata!.name === "kargo-project-admin")!;
      expect(admin.subjects).toContainEqual(expect.objectContaining({ kind: "ServiceAccount", name: "kargo-api", namespace: "kargo" }));
    });

    it("maps the creator to kargo-admin through the claims annotation", async () => {
      const sa = await api.core.readNamespacedServiceAccount({ name: "kargo-admin", namespace: "kargo-demo" });
      expect(sa.metadata!.annotations!["rbac.kargo.akuity.io/claims"]).toBe('{"email":["alice@example.com"]}');
      const viewer = await api.core.readNamespacedServiceAccount({ name: "kargo-viewer", namespace: "kargo-demo" });
      expect(viewer.metadata!.annotations!["rbac.kargo.akuity.io/claims"]).toBeUndefined();
    });

    it("gives the default roles working permissions (viewer reads, cannot write)", async () => {
      const viewer = kargoClient(fixture.kubeConfigWithToken(await serviceAccountToken(api.core, "kargo-demo", "kargo-viewer")));
      await expect(
        viewer.custom.listNamespacedCustomObject({ group: "kargo.akuity.io", version: "v1alpha1", namespace: "kargo-demo", plural: "stages" }),
      ).resolves.toBeTruthy();
      const denied = await failureOf(viewer.create("warehouses", "kargo-demo", { metadata: { name: "w" }, spec: { subscriptions: [] } }));
      expect(denied.code).toBe(403);
    });
  });

  it("maps every claim passed in kargo.akuity.io/created-by-claims", async () => {
    await api.create(
      "projects",
      undefined,
      project("claims", { "kargo.akuity.io/created-by-claims": JSON.stringify({ email: "bob@example.com", groups: ["ops", "dev"] }) }),
    );
    const sa = await api.core.readNamespacedServiceAccount({ name: "kargo-admin", namespace: "claims" });
    expect(JSON.parse(sa.metadata!.annotations!["rbac.kargo.akuity.io/claims"]!)).toEqual({ email: ["bob@example.com"], groups: ["dev", "ops"] });
  });

  it("refuses an existing namespace that is not labelled as a project one (409)", async () => {
    await api.core.createNamespace({ body: { metadata: { name: "plain" } } });
    const failure = await failureOf(api.create("projects", undefined, project("plain")));
    expect(failure.code).toBe(409);
    expect(failure.message).toContain('namespace "plain" already exists and is not labeled as a Project namespace');
    expect(await failureOf(api.get("projects", undefined, "plain"))).toMatchObject({ code: 404 });
  });

  it("adopts an existing labelled namespace", async () => {
    await api.core.createNamespace({ body: { metadata: { name: "labelled", labels: { "kargo.akuity.io/project": "true" } } } });
    await api.create("projects", undefined, project("labelled"));
    const sa = await api.core.readNamespacedServiceAccount({ name: "kargo-promoter", namespace: "labelled" });
    expect(sa.metadata!.name).toBe("kargo-promoter");
  });

  it("creates nothing on a dry run", async () => {
    await api.custom.createClusterCustomObject({ group: "kargo.akuity.io", version: "v1alpha1", plural: "projects", body: project("dry"), dryRun: "All" });
    expect(await failureOf(api.core.readNamespace({ name: "dry" }))).toMatchObject({ code: 404 });
  });

  describe("deleting a Project", () => {
    it("deletes its namespace", async () => {
      await api.create("projects", undefined, project("short-lived"));
      await api.remove("projects", undefined, "short-lived");
      const gone = await api.core.readNamespace({ name: "short-lived" }).then(
        (namespace) => namespace.metadata!.deletionTimestamp !== undefined,
        () => true,
      );
      expect(gone).toBe(true);
    });

    it("keeps the namespace when the Project says kargo.akuity.io/keep-namespace", async () => {
      await api.create("projects", undefined, project("kept", { "kargo.akuity.io/keep-namespace": "true" }));
      await api.remove("projects", undefined, "kept");
      const namespace = await api.core.readNamespace({ name: "kept" });
      expect(namespace.metadata!.deletionTimestamp).toBeUndefined();
    });
  });
});
