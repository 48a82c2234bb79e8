import type { Freight, Promotion, Stage } from "../../../../src/domain/types.js";
import { createTestRepository, git, type TestRepository } from "../support/git-repository.js";
import { createStage, createWarehouse } from "../support/kargo-objects.js";
import { useControllers } from "../support/use-controllers.js";
import { eventually } from "../../../support/eventually.js";

const PROJECT = "auto";

describe("auto-promotion from a Git Warehouse", () => {
  const fixture = useControllers();
  let repo: TestRepository;
  let firstCommit: string;

  const steps = () => [
    {
      uses: "git-clone",
      config: {
        repoURL: "${{ vars.repo }}",
        checkout: [
          { commit: "${{ commitFrom(vars.repo).ID }}", path: "./src" },
          { branch: "stage/${{ ctx.stage }}", create: true, path: "./out" },
        ],
      },
    },
    { uses: "git-clear", config: { path: "./out" } },
    { uses: "copy", config: { inPath: "./src/app.yaml", outPath: "./out/app.yaml" } },
    { uses: "git-commit", config: { path: "./out", message: "promote ${{ commitFrom(vars.repo).ID }} to ${{ ctx.stage }}" } },
    { uses: "git-push", config: { path: "./out" } },
  ];
  const promotionsOf = async (stage: string) => (await fixture.client.list<Promotion>("promotions", PROJECT)).filter((p) => p.spec.stage === stage);
  const freights = async () => fixture.client.list<Freight>("freights", PROJECT);

  beforeAll(async () => {
    await fixture.createProject(PROJECT);
    repo = createTestRepository();
    firstCommit = repo.commit({ "app.yaml": "version: 1\n" }, "version 1");
    await fixture.client.create("projectconfigs", PROJECT, {
      apiVersion: "kargo.akuity.io/v1alpha1",
      kind: "ProjectConfig",
      metadata: { name: PROJECT, namespace: PROJECT },
      spec: {
        promotionPolicies: [
          { stage: "test", autoPromotionEnabled: true },
          { stageSelector: { name: "glob:ua*" }, autoPromotionEnabled: true },
        ],
      },
    });
    const vars = [{ name: "repo", value: repo.url }];
    await createStage(fixture.client, PROJECT, "test", { warehouse: "app", steps: steps(), vars });
    await createStage(fixture.client, PROJECT, "uat", { warehouse: "app", upstream: ["test"], steps: steps(), vars });
    // prod has no policy: it is never auto-promoted.
    await createStage(fixture.client, PROJECT, "prod", { warehouse: "app", upstream: ["uat"], steps: steps(), vars });
    await createWarehouse(fixture.client, PROJECT, "app", { repoURL: repo.url, branch: "main" });
  });

  it("turns the branch head into Freight and records what it discovered", async () => {
    await eventually(async () => (await freights()).length === 1);
    const [freight] = await freights();
    expect(freight!.commits).toEqual([
      expect.objectContaining({ repoURL: repo.url, id: firstCommit, branch: "main", message: "version 1", author: "Test Author <author@example.com>" }),
    ]);
    const warehouse = (await fixture.client.get("warehouses", PROJECT, "app")) as any;
    expect(warehouse.status.lastFreightID).toBe(freight!.metadata.name);
    expect(warehouse.status.observedGeneration).toBe(warehouse.metadata.generation);
    expect(warehouse.status.discoveredArtifacts.git[0]).toMatchObject({
      repoURL: repo.url,
      branch: "main",
      commits: [{ id: firstCommit, subject: "version 1" }],
    });
  });

  it("auto-promotes it to test, then — once verified in test — to uat, but not to prod", async () => {
    const [freight] = await freights();
    await eventually(async () => (await promotionsOf("uat"))[0]?.status?.["phase"] === "Succeeded");
    expect((await fixture.client.get<Freight>("freights", PROJECT, freight!.metadata.name!))?.status?.verifiedIn?.["uat"]).toBeDefined();
    expect(repo.show("stage/test", "app.yaml")).toBe("version: 1");
    expect(repo.show("stage/uat", "app.yaml")).toBe("version: 1");
    const [testPromotion] = await promotionsOf("test");
    const [uatPromotion] = await promotionsOf("uat");
    expect(testPromotion!.status?.["phase"]).toBe("Succeeded");
    expect(uatPromotion!.status?.["phase"]).toBe("Succeeded");
    // uat started only after test had verified the Freight.
    expect(Date.parse(String(uatPromotion!.status?.["startedAt"]))).toBeGreaterThanOrEqual(Date.parse(String(testPromotion!.status?.["finishedAt"])));
    expect(await promotionsOf("prod")).toEqual([]);
    expect(((await fixture.client.get<Stage>("stages", PROJECT, "uat"))!.status as any).autoPromotionEnabled).toBe(true);
    expect(((await fixture.client.get<Stage>("stages", PROJECT, "prod"))!.status as any)?.autoPromotionEnabled ?? false).toBe(false);
  });

  it("makes a new commit into new Freight on refresh and promotes only that, once", async () => {
    const second = repo.commit({ "app.yaml": "version: 2\n" }, "version 2");
    await fixture.client.patch("warehouses", PROJECT, "app", { metadata: { annotations: { "kargo.akuity.io/refresh": new Date().toISOString() } } });
    await eventually(async () => (await freights()).some((f) => f.commits?.[0]?.id === second));
    await eventually(async () => {
      try {
        return repo.show("stage/uat", "app.yaml") === "version: 2";
      } catch {
        return false;
      }
    });
    expect(git(repo.bare, "log", "-1", "--format=%s", "stage/test")).toBe(`promote ${second} to test`);
    // One promotion per Stage and Freight, however many passes ran.
    expect((await promotionsOf("test")).length).toBe(2);
    expect((await promotionsOf("uat")).length).toBe(2);
    const warehouse = (await fixture.client.get("warehouses", PROJECT, "app")) as any;
    expect(warehouse.status.lastHandledRefresh).toBe(warehouse.metadata.annotations["kargo.akuity.io/refresh"]);
  });
});
