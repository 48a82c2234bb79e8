import { rmSync } from "node:fs";
import { dirname } from "node:path";
import { ProjectService, type WatchProjectsResponse } from "../../../gen/kargo/api/v1/project_service_pb.js";
import { PromotionService } from "../../../gen/kargo/api/v1/promotion_service_pb.js";
import { WatchEventType } from "../../../gen/kargo/api/v1/watch_pb.js";
import { createTestRepository, type TestRepository } from "../../embedded/controllers/support/git-repository.js";
import { useKargoStack } from "../../support/use-kargo-stack.js";
import { fixtures } from "../freight/kargo-fixtures.js";
import { eventually } from "../../support/eventually.js";

const project = "stats";
const group = "kargo.akuity.io";
const version = "v1alpha1";

/** [stage count, healthy stages, warehouse count, healthy warehouses] of a Project message. */
type Counts = [number, number, number, number];
const countsOf = (
  p:
    | { status?: { stats?: { stages?: { count: number; health?: { healthy: number } }; warehouses?: { count: number; health?: { healthy: number } } } } }
    | undefined,
): Counts => {
  const stats = p?.status?.stats;
  return [stats?.stages?.count ?? 0, stats?.stages?.health?.healthy ?? 0, stats?.warehouses?.count ?? 0, stats?.warehouses?.health?.healthy ?? 0];
};

describe("project statistics", () => {
  const stack = useKargoStack();
  const fx = fixtures(stack);
  let repo: TestRepository;
  const watch = new AbortController();
  const events: WatchProjectsResponse[] = [];
  let watching: Promise<void>;

  const getCounts = async () => {
    const res = await stack().client(ProjectService).getProject({ name: project });
    return countsOf(res.result.case === "project" ? res.result.value : undefined);
  };
  const listCounts = async () => countsOf((await stack().client(ProjectService).listProjects({})).projects.find((p) => p.metadata?.name === project));
  const storedCounts = async () => countsOf((await stack().custom.getClusterCustomObject({ group, version, plural: "projects", name: project })) as never);
  const watchedCounts = () => countsOf([...events].reverse().find((e) => e.project?.metadata?.name === project)?.project);
  /** Every view agrees: GetProject, ListProjects, the latest WatchProjects event and the stored status (embedded controller). */
  const allShow = (expected: Counts) =>
    eventually(async () => {
      const views = [await getCounts(), await listCounts(), watchedCounts(), await storedCounts()];
      return views.every((v) => JSON.stringify(v) === JSON.stringify(expected));
    });

  beforeAll(async () => {
    repo = createTestRepository();
    repo.commit({ "app.yaml": "version: 1\n" }, "version 1");
    await stack().client(ProjectService).createProject({ name: project });
    watching = (async () => {
      try {
        for await (const e of stack().client(ProjectService).watchProjects({}, { signal: watch.signal })) events.push(e);
      } catch {
        // aborted at the end
      }
    })();
  });

  afterAll(async () => {
    watch.abort();
    await watching;
    rmSync(dirname(repo.bare), { recursive: true, force: true });
  });

  it("starts at zero for a new project, in every view", async () => {
    await allShow([0, 0, 0, 0]);
    expect(events.some((e) => e.type === WatchEventType.BOOKMARK)).toBe(true);
  });

  it("counts a Warehouse, healthy once its discovery worked", async () => {
    await fx.warehouse(project, "app", [{ git: { repoURL: repo.url, branch: "main" } }]);
    await allShow([0, 0, 1, 1]);
  });

  it("counts created Stages, not healthy before any promotion", async () => {
    await fx.stage(project, "test", [{ origin: "app", sources: { direct: true } }]);
    await fx.stage(project, "prod", [{ origin: "app", sources: { direct: true } }], [{ uses: "compose-output", as: "out", config: { done: "yes" } }]);
    await allShow([2, 0, 1, 1]);
  });

  it("counts a Stage healthy after a successful promotion", async () => {
    const freight = await fx.freight(project, { origin: "app", alias: "stats-one" });
    const { promotion } = await stack().client(PromotionService).promoteToStage({ project, stage: "prod", freight });
    await fx.promotionPhase(project, promotion!.metadata!.name, "Succeeded");
    await allShow([2, 1, 1, 1]);
  });

  it("drops deleted Stages and Warehouses", async () => {
    await stack().custom.deleteNamespacedCustomObject({ group, version, namespace: project, plural: "stages", name: "test" });
    await allShow([1, 1, 1, 1]);
    await stack().custom.deleteNamespacedCustomObject({ group, version, namespace: project, plural: "warehouses", name: "app" });
    await allShow([1, 1, 0, 0]);
  });

  it("streamed every project with a snapshot, then MODIFIED events as the stats changed", () => {
    const ours = events.filter((e) => e.project?.metadata?.name === project);
    expect(ours[0]?.type).toBe(WatchEventType.ADDED);
    expect(ours.some((e) => e.type === WatchEventType.MODIFIED && JSON.stringify(countsOf(e.project)) === JSON.stringify([2, 1, 1, 1]))).toBe(true);
  });

  it("resumes after a resource version with the changes since, and no snapshot", async () => {
    const bookmark = events.find((e) => e.type === WatchEventType.BOOKMARK)!;
    const seen: WatchProjectsResponse[] = [];
    for await (const e of stack().client(ProjectService).watchProjects({ resourceVersion: bookmark.resourceVersion })) {
      seen.push(e);
      if (e.type === WatchEventType.MODIFIED && e.project?.metadata?.name === project) break;
    }
    expect(seen.filter((e) => e.type === WatchEventType.ADDED)).toEqual([]);
    expect(Number(seen.at(-1)!.resourceVersion)).toBeGreaterThan(Number(bookmark.resourceVersion));
  });
});
