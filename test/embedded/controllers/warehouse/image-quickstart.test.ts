import type { Freight, Promotion } from "../../../../src/domain/types.js";
import { REFRESH_ANNOTATION } from "../../../../src/domain/well-known-keys.js";
import { startTestRegistry, type TestRegistry } from "../../registry/support/test-registry.js";
import { createTestRepository, type TestRepository } from "../support/git-repository.js";
import { createStage } from "../support/kargo-objects.js";
import { useControllers } from "../support/use-controllers.js";
import { eventually } from "../../../support/eventually.js";

const PROJECT = "kargo-demo";
const API_VERSION = "kargo.akuity.io/v1alpha1";

/**
 * Kargo's quickstart pipeline (Warehouse → test → uat → prod, one PromotionTask rendering
 * kustomize into a stage branch), with its Warehouse pointed at a registry on loopback instead of
 * public.ecr.aws and its GitOps repository a local one; argocd-update, which needs Argo CD, is
 * left out of the task.
 */
describe("the quickstart pipeline fed by a real registry", () => {
  const fixture = useControllers();
  let registry: TestRegistry;
  let gitops: TestRepository;
  let imageRepo: string;
  const digests: Record<string, string> = {};

  const freights = async () => (await fixture.client.list<Freight>("freights", PROJECT)).filter((f) => f.origin?.name === "kargo-demo");
  const succeededIn = async (stage: string) =>
    (await fixture.client.list<Promotion>("promotions", PROJECT))
      .filter((p) => p.spec.stage === stage && p.status?.["phase"] === "Succeeded")
      .map((p) => p.spec.freight);
  const warehouseStatus = async () => ((await fixture.client.get("warehouses", PROJECT, "kargo-demo")) as { status?: Record<string, any> }).status ?? {};

  beforeAll(async () => {
    registry = await startTestRegistry();
    imageRepo = `${registry.host}/nginx/nginx`;
    Object.assign(digests, await registry.push("nginx/nginx", [{ tag: "1.0.0", image: { created: "2025-01-01T00:00:00Z" } }]));
    gitops = createTestRepository();
    gitops.commit(
      {
        "base/kustomization.yaml": "resources:\n- deployment.yaml\n",
        "base/deployment.yaml": `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: kargo-demo\nspec:\n  selector:\n    matchLabels:\n      app: kargo-demo\n  template:\n    metadata:\n      labels:\n        app: kargo-demo\n    spec:\n      containers:\n      - name: nginx\n        image: ${imageRepo}:placeholder\n`,
        "stages/test/kustomization.yaml": "resources:\n- ../../base\n",
        "stages/uat/kustomization.yaml": "resources:\n- ../../base\n",
        "stages/prod/kustomization.yaml": "resources:\n- ../../base\n",
      },
      "initial",
    );
    await fixture.createProject(PROJECT);
    await fixture.client.create("projectconfigs", PROJECT, {
      apiVersion: API_VERSION,
      kind: "ProjectConfig",
      metadata: { name: PROJECT, namespace: PROJECT },
      spec: { promotionPolicies: [{ stage: "test", autoPromotionEnabled: true }] },
    });
    await fixture.client.create("promotiontasks", PROJECT, {
      apiVersion: API_VERSION,
      kind: "PromotionTask",
      metadata: { name: "demo-promo-process", namespace: PROJECT },
      spec: {
        vars: [
          { name: "gitopsRepo", value: gitops.url },
          { name: "imageRepo", value: imageRepo },
        ],
        steps: [
          {
            uses: "git-clone",
            config: {
              repoURL: "${{ vars.gitopsRepo }}",
              checkout: [
                { branch: "main", path: "./src" },
                { branch: "stage/${{ ctx.stage }}", create: true, path: "./out" },
              ],
            },
          },
          { uses: "git-clear", config: { path: "./out" } },
          {
            uses: "kustomize-set-image",
            as: "update",
            config: { path: "./src/base", images: [{ image: "${{ vars.imageRepo }}", tag: "${{ imageFrom(vars.imageRepo).Tag }}" }] },
          },
          { uses: "kustomize-build", config: { path: "./src/stages/${{ ctx.stage }}", outPath: "./out" } },
          { uses: "git-commit", as: "commit", config: { path: "./out", message: "${{ task.outputs.update.commitMessage }}" } },
          { uses: "git-push", config: { path: "./out" } },
        ],
      },
    });
    const steps = [{ task: { name: "demo-promo-process" }, as: "promo-process" }];
    await createStage(fixture.client, PROJECT, "test", { warehouse: "kargo-demo", steps });
    await createStage(fixture.client, PROJECT, "uat", { warehouse: "kargo-demo", upstream: ["test"], steps });
    await createStage(fixture.client, PROJECT, "prod", { warehouse: "kargo-demo", upstream: ["uat"], steps });
    await fixture.client.create("warehouses", PROJECT, {
      apiVersion: API_VERSION,
      kind: "Warehouse",
      metadata: { name: "kargo-demo", namespace: PROJECT },
      spec: { subscriptions: [{ image: { repoURL: imageRepo, constraint: "^1.0.0", discoveryLimit: 5 } }] },
    });
  }, 120_000);
  afterAll(() => registry?.stop());

  it("makes Freight of 1.0.0 and auto-promotes it to test through kustomize-set-image", async () => {
    await eventually(async () => (await freights()).length === 1);
    const [first] = await freights();
    expect(first!.images).toEqual([{ repoURL: imageRepo, tag: "1.0.0", digest: digests["1.0.0"] }]);
    expect((await warehouseStatus()).lastFreightID).toBe(first!.metadata.name);
    await eventually(async () => (await succeededIn("test")).includes(first!.metadata.name!));
    expect(
      gitops
        .show("stage/test", "deployment-kargo-demo.yaml")
        .split("\n")
        .filter((l) => l.includes("image:"))
        .map((l) => l.trim()),
    ).toEqual([`- image: ${imageRepo}:1.0.0`]);
  }, 90_000);

  it("on new tags 1.1.0 and 2.0.0-rc.1, makes Freight of 1.1.0 only (the constraint allows no pre-release) and promotes it", async () => {
    const more = await registry.push("nginx/nginx", [
      { tag: "1.1.0", image: { created: "2025-02-01T00:00:00Z" } },
      { tag: "2.0.0-rc.1", image: { created: "2025-03-01T00:00:00Z" } },
    ]);
    await fixture.client.patch("warehouses", PROJECT, "kargo-demo", { metadata: { annotations: { [REFRESH_ANNOTATION]: "after-push" } } });
    await eventually(async () => (await freights()).length === 2);
    const status = await warehouseStatus();
    // Newest first, as Kargo lists discovered images.
    expect(status.discoveredArtifacts.images).toEqual([
      {
        repoURL: imageRepo,
        references: [
          { tag: "1.1.0", digest: more["1.1.0"], createdAt: "2025-02-01T00:00:00Z" },
          { tag: "1.0.0", digest: digests["1.0.0"], createdAt: "2025-01-01T00:00:00Z" },
        ],
      },
    ]);
    const newest = (await freights()).find((f) => f.images?.[0]?.tag === "1.1.0")!;
    expect(newest.images).toEqual([{ repoURL: imageRepo, tag: "1.1.0", digest: more["1.1.0"] }]);
    expect(status.lastFreightID).toBe(newest.metadata.name);
    expect(status.conditions.find((c: { type: string }) => c.type === "Ready")).toMatchObject({ status: "True", reason: "ArtifactsDiscovered" });
    await eventually(async () => (await succeededIn("test")).includes(newest.metadata.name!));
    expect(gitops.show("stage/test", "deployment-kargo-demo.yaml")).toContain(`image: ${imageRepo}:1.1.0`);
    // uat has no promotion policy: nothing reached it.
    expect(await succeededIn("uat")).toEqual([]);
  }, 90_000);
});
