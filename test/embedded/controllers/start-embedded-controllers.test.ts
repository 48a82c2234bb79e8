import type { Freight, KubeObject, Stage } from "../../../src/domain/types.js";
import { REFRESH_ANNOTATION } from "../../../src/domain/well-known-keys.js";
import { createTestRepository, type TestRepository } from "./support/git-repository.js";
import { createFreight, createPromotion, createStage, createWarehouse, terminalPromotion } from "./support/kargo-objects.js";
import { useControllers } from "./support/use-controllers.js";
import { eventually } from "../../support/eventually.js";

const PROJECT = "woken";

// The loop's longest pause is an hour here: after the first pass, only a watch event (or a
// controller's own timer) can start another one within the test.
describe("the embedded controllers, woken by changes rather than a periodic pass", () => {
  const fixture = useControllers({ intervalMs: 3_600_000 });
  let repo: TestRepository;

  const stageCount = async () =>
    ((await fixture.client.get<KubeObject>("projects", "", PROJECT))?.["status"] as { stats?: { stages?: { count?: number } } } | undefined)?.stats?.stages
      ?.count;

  beforeAll(async () => {
    repo = createTestRepository();
    repo.commit({ VERSION: "1\n" }, "first");
    // A Kargo Project (its namespace is made by admission), so that project statistics are kept.
    await fixture.client.create("projects", "", { apiVersion: "kargo.akuity.io/v1alpha1", kind: "Project", metadata: { name: PROJECT } });
    // A pass has seen the project once its statistics are written (no Stage yet).
    await eventually(async () => (await stageCount()) === 0);
  });

  it("acts on a new Stage and runs a new Promotion", async () => {
    const stage: Stage = await createStage(fixture.client, PROJECT, "only", {
      warehouse: "repo",
      steps: [{ uses: "compose-output", as: "out", config: { done: "yes" } }],
    });
    await eventually(async () => (await stageCount()) === 1);
    const freight = await createFreight(fixture.client, PROJECT, "repo", { commits: [{ repoURL: repo.url, id: "0".repeat(40) }] });
    const created = await createPromotion(fixture.client, stage, freight.metadata.name!);
    const promotion = await terminalPromotion(fixture.client, PROJECT, created.metadata.name!);
    expect(promotion.status?.["phase"]).toBe("Succeeded");
  });

  it("discovers a new Warehouse, and new commits when its refresh annotation is set", async () => {
    await createWarehouse(fixture.client, PROJECT, "repo", { repoURL: repo.url }, "1h");
    const freights = async () => (await fixture.client.list<Freight>("freights", PROJECT)).filter((f) => f.commits?.[0]?.id !== "0".repeat(40));
    await eventually(async () => (await freights()).length === 1);
    const second = repo.commit({ VERSION: "2\n" }, "second");
    await fixture.client.patch("warehouses", PROJECT, "repo", { metadata: { annotations: { [REFRESH_ANNOTATION]: "now" } } });
    await eventually(async () => (await freights()).some((f) => f.commits?.[0]?.id === second));
  });
});
