import type { Freight } from "../../../../src/domain/types.js";
import { REFRESH_ANNOTATION } from "../../../../src/domain/well-known-keys.js";
import { startTestRegistry, type TestRegistry } from "../../registry/support/test-registry.js";
import { createTestRepository, type TestRepository } from "../support/git-repository.js";
import { useControllers } from "../support/use-controllers.js";
import { eventually } from "../../../support/eventually.js";

const PROJECT = "creation";

describe("freightCreationPolicy and freightCreationCriteria across subscriptions", () => {
  const fixture = useControllers();
  let registry: TestRegistry;
  let repo: TestRepository;
  let image: string;
  const commits: Record<string, string> = {};

  const warehouse = (name: string, spec: Record<string, unknown>) =>
    fixture.client.create("warehouses", PROJECT, {
      apiVersion: "kargo.akuity.io/v1alpha1",
      kind: "Warehouse",
      metadata: { name, namespace: PROJECT },
      spec: { subscriptions: [{ git: { repoURL: repo.url, commitSelectionStrategy: "SemVer" } }, { image: { repoURL: image } }], ...spec },
    });
  const statusOf = async (name: string) =>
    ((await fixture.client.get("warehouses", PROJECT, name)) as unknown as { status?: Record<string, any> }).status ?? {};
  const ready = async (name: string) => ((await statusOf(name)).conditions ?? []).find((c: { type: string }) => c.type === "Ready");
  const freightsOf = async (name: string) => (await fixture.client.list<Freight>("freights", PROJECT)).filter((f) => f.origin?.name === name);

  beforeAll(async () => {
    registry = await startTestRegistry();
    image = `${registry.host}/app`;
    await registry.push("app", [
      { tag: "1.0.0", image: { created: "2025-01-01T00:00:00Z" } },
      { tag: "1.1.0", image: { created: "2025-02-01T00:00:00Z" } },
    ]);
    repo = createTestRepository();
    commits["1.0.0"] = repo.commit({ VERSION: "1.0.0\n" }, "release 1.0.0");
    repo.tag("v1.0.0", commits["1.0.0"]!);
    await fixture.createProject(PROJECT);
  }, 120_000);
  afterAll(() => registry?.stop());

  it("Manual: discovers and records artifacts but makes no Freight", async () => {
    await warehouse("manual", { freightCreationPolicy: "Manual" });
    await eventually(async () => (await ready("manual"))?.status === "True");
    const status = await statusOf("manual");
    expect(status.discoveredArtifacts.git[0].commits[0]).toMatchObject({ tag: "v1.0.0", id: commits["1.0.0"] });
    expect(status.discoveredArtifacts.images[0].references[0]).toMatchObject({ tag: "1.1.0" });
    expect(status.lastFreightID).toBeUndefined();
    expect(await freightsOf("manual")).toEqual([]);
  });

  it("Automatic with criteria: Freight only once the newest commit tag and image tag agree", async () => {
    await warehouse("matched", { freightCreationCriteria: { expression: `commitFrom('${repo.url}').Tag == 'v' + imageFrom('${image}').Tag` } });
    await eventually(async () => (await ready("matched"))?.status === "True");
    expect(await freightsOf("matched")).toEqual([]);
    commits["1.1.0"] = repo.commit({ VERSION: "1.1.0\n" }, "release 1.1.0");
    repo.tag("v1.1.0", commits["1.1.0"]!);
    await fixture.client.patch("warehouses", PROJECT, "matched", { metadata: { annotations: { [REFRESH_ANNOTATION]: "tagged" } } });
    await eventually(async () => (await freightsOf("matched")).length === 1);
    const [freight] = await freightsOf("matched");
    expect(freight!.commits).toEqual([expect.objectContaining({ repoURL: repo.url, tag: "v1.1.0", id: commits["1.1.0"] })]);
    expect(freight!.images).toEqual([expect.objectContaining({ repoURL: image, tag: "1.1.0" })]);
    expect((await statusOf("matched")).lastFreightID).toBe(freight!.metadata.name);
  });

  it("says why when the criteria cannot be evaluated", async () => {
    await warehouse("broken", { freightCreationCriteria: { expression: "imageFrom('elsewhere').Tag == '1'" } });
    await eventually(async () => (await ready("broken"))?.reason === "InvalidFreightCreationCriteria");
    expect((await ready("broken")).message).toMatch(/no image "elsewhere"/u);
    expect(await freightsOf("broken")).toEqual([]);
  });
});
