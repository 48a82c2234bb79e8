import { RbacAuthorizationV1Api } from "@kubernetes/client-node";
import { useEmbeddedControlPlane } from "../support/use-embedded-control-plane.js";
import { failureOf, kargoClient, serviceAccountToken, type KargoClient } from "./kargo-client.js";

const NS = "kargo-demo";
const origin = { kind: "Warehouse", name: "kargo-demo" };
const promotion = (stage: string, freight: string, annotations: Record<string, string> = {}) => ({
  apiVersion: "kargo.akuity.io/v1alpha1",
  kind: "Promotion",
  metadata: { generateName: "promo-", annotations },
  spec: { stage, freight },
});

describe("Promotion admission", () => {
  const fixture = useEmbeddedControlPlane();
  let api: KargoClient;
  let freight: string;
  let testUid: string;

  beforeAll(async () => {
    api = kargoClient(fixture.kubeConfig());
    await api.create("projects", undefined, { metadata: { name: NS } });
    await api.create("warehouses", NS, { metadata: { name: "kargo-demo" }, spec: { subscriptions: [{ image: { repoURL: "public.ecr.aws/nginx/nginx" } }] } });
    await api.create("promotiontasks", NS, {
      metadata: { name: "demo-promo-process" },
      spec: {
        vars: [{ name: "gitopsRepo", value: "https://github.com/example/gitops.git" }, { name: "imageRepo" }],
        steps: [
          { uses: "git-clone", config: { repoURL: "${{ vars.gitopsRepo }}" } },
          { uses: "kustomize-set-image", as: "update", config: { path: "./src" } },
        ],
      },
    });
    const template = (extraVars: object[] = []) => ({
      spec: {
        vars: extraVars,
        steps: [{ task: { name: "demo-promo-process" }, as: "promo-process", vars: [{ name: "imageRepo", value: "public.ecr.aws/nginx/nginx" }] }],
      },
    });
    testUid = (
      await api.create("stages", NS, {
        metadata: { name: "test" },
        spec: {
          shard: "east",
          vars: [{ name: "stageVar", value: "s" }],
          requestedFreight: [{ origin, sources: { direct: true } }],
          promotionTemplate: template([{ name: "tmplVar", value: "t" }]),
        },
      })
    ).metadata.uid;
    await api.create("stages", NS, {
      metadata: { name: "uat" },
      spec: { requestedFreight: [{ origin, sources: { stages: ["test"] } }], promotionTemplate: template() },
    });
    await api.create("stages", NS, { metadata: { name: "control-flow" }, spec: { requestedFreight: [{ origin, sources: { direct: true } }] } });
    freight = (await api.create("freights", NS, { metadata: {}, origin, images: [{ repoURL: "public.ecr.aws/nginx/nginx", tag: "1.29.0" }] })).metadata.name;
  });

  describe("created by the API server for a user", () => {
    let created: any;
    beforeAll(async () => {
      created = await api.create("promotions", NS, promotion("test", freight, { "kargo.akuity.io/create-actor": "email:alice@example.com" }));
    });

    it("is named <stage>.<ulid>.<first 7 of freight>", () => {
      expect(created.metadata.name).toMatch(new RegExp(`^test\\.[0-9a-z]{26}\\.${freight.slice(0, 7)}$`, "u"));
    });

    it("is owned by its Stage and labelled with stage and shard", () => {
      expect(created.metadata.ownerReferences).toEqual([
        { apiVersion: "kargo.akuity.io/v1alpha1", kind: "Stage", name: "test", uid: testUid, controller: true, blockOwnerDeletion: true },
      ]);
      expect(created.metadata.labels).toMatchObject({ "kargo.akuity.io/stage": "test", "kargo.akuity.io/shard": "east" });
      expect(created.metadata.annotations).toMatchObject({ "kargo.akuity.io/stage": "test" });
    });

    it("keeps the API server's create-actor", () => {
      expect(created.metadata.annotations["kargo.akuity.io/create-actor"]).toBe("email:alice@example.com");
    });

    it("copies vars and steps from the Stage, inflating the PromotionTask", () => {
      expect(created.spec.vars).toEqual([
        { name: "stageVar", value: "s" },
        { name: "tmplVar", value: "t" },
      ]);
      expect(created.spec.steps.map((s: any) => [s.uses, s.as])).toEqual([
        ["git-clone", "promo-process::step-0"],
        ["kustomize-set-image", "promo-process::update"],
      ]);
      expect(created.spec.steps[0].vars).toEqual([
        { name: "gitopsRepo", value: "https://github.com/example/gitops.git" },
        { name: "imageRepo", value: "public.ecr.aws/nginx/nginx" },
      ]);
    });

    it("records no event (the API server records its own)", async () => {
      const events = await api.core.listNamespacedEvent({ namespace: NS });
      expect(events.items.filter((e) => e.involvedObject.name === created.metadata.name)).toEqual([]);
    });

    it("keeps its spec immutable (422)", async () => {
      const failure = await failureOf(api.mergePatch("promotions", NS, created.metadata.name, { spec: { freight: "other" } }));
      expect(failure.code).toBe(422);
      expect(failure.message).toContain("immutable");
    });
  });

  describe("created directly by a project user", () => {
    it("is attributed to the Kubernetes user and records PromotionCreated", async () => {
      const promoter = kargoClient(fixture.kubeConfigWithToken(await serviceAccountToken(api.core, NS, "kargo-promoter")));
      const created = await promoter.create("promotions", NS, promotion("test", freight, { "kargo.akuity.io/create-actor": "email:forged@example.com" }));
      const actor = `kubernetes:system:serviceaccount:${NS}:kargo-promoter`;
      expect(created.metadata.annotations["kargo.akuity.io/create-actor"]).toBe(actor);
      const events = (await api.core.listNamespacedEvent({ namespace: NS })).items.filter((e) => e.involvedObject.name === created.metadata.name);
      expect(events).toHaveLength(1);
      expect(events[0]).toMatchObject({ reason: "PromotionCreated", message: `Promotion created for Stage "test" by "${actor}"` });
      expect(events[0]!.metadata!.annotations).toMatchObject({ "event.kargo.akuity.io/stage-name": "test", "event.kargo.akuity.io/freight-name": freight });
    });

    it("is refused (403) when the user may create Promotions but not promote the Stage", async () => {
      const rbac = fixture.kubeConfig().makeApiClient(RbacAuthorizationV1Api);
      await api.core.createNamespacedServiceAccount({ namespace: NS, body: { metadata: { name: "creator" } } });
      await rbac.createNamespacedRole({
        namespace: NS,
        body: { metadata: { name: "creator" }, rules: [{ apiGroups: ["kargo.akuity.io"], resources: ["promotions"], verbs: ["create"] }] },
      });
      await rbac.createNamespacedRoleBinding({
        namespace: NS,
        body: {
          metadata: { name: "creator" },
          roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: "creator" },
          subjects: [{ kind: "ServiceAccount", name: "creator", namespace: NS }],
        },
      });
      const creator = kargoClient(fixture.kubeConfigWithToken(await serviceAccountToken(api.core, NS, "creator")));
      const failure = await failureOf(creator.create("promotions", NS, promotion("test", freight)));
      expect(failure.code).toBe(403);
      expect(failure.message).toContain("promote");
    });
  });

  describe("is refused (422)", () => {
    it.each([
      ["the Stage does not exist", "nope", () => "x", "spec.stage"],
      ["the Stage defines no steps", "control-flow", (f: string) => f, "defines no promotion steps"],
      ["the Freight does not exist", "test", () => "0000000000000000000000000000000000000000", "spec.freight"],
      ["the Freight is not available to the Stage", "uat", (f: string) => f, 'is not available to Stage "uat"'],
    ])("when %s", async (_situation, stage, freightOf, expected) => {
      const failure = await failureOf(api.create("promotions", NS, promotion(stage, freightOf(freight))));
      expect(failure.code).toBe(422);
      expect(failure.message).toContain(expected);
    });
  });

  it("accepts Freight verified upstream", async () => {
    await api.mergePatchStatus("freights", NS, freight, { status: { verifiedIn: { test: { verifiedAt: "2026-01-01T00:00:00Z" } } } });
    const created = await api.create("promotions", NS, promotion("uat", freight));
    expect(created.metadata.name.startsWith("uat.")).toBe(true);
  });
});
