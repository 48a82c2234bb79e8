import { create, type MessageInitShape } from "@bufbuild/protobuf";
import { Code } from "@connectrpc/connect";
import { StageSpecSchema, type StageSpec } from "../../../gen/kargo/api/v1/stage_pb.js";
import { StageService } from "../../../gen/kargo/api/v1/stage_service_pb.js";
import { RESOURCES } from "../../../src/kube/index.js";
import { useKargoStack } from "../../support/use-kargo-stack.js";
import { errorOf, fixtures } from "../common/fixtures.js";

const stack = useKargoStack();

/** A valid typed spec: direct from Warehouse "wh", one step. */
function spec(overrides: MessageInitShape<typeof StageSpecSchema> = {}): StageSpec {
  const base: MessageInitShape<typeof StageSpecSchema> = {
    requestedFreight: [{ origin: { kind: "Warehouse", name: "wh" }, sources: { direct: true } }],
    promotionTemplate: { spec: { steps: [{ uses: "git-clone" }] } },
  };
  const merged = create(StageSpecSchema, base);
  const replacing = create(StageSpecSchema, overrides);
  for (const key of Object.keys(overrides)) (merged as unknown as Record<string, unknown>)[key] = (replacing as unknown as Record<string, unknown>)[key];
  return merged;
}

beforeAll(async () => {
  await fixtures(stack()).project("demo");
});

describe("StageService.CreateStage", () => {
  const createStage = (req: { project: string; name: string; spec?: StageSpec }) => stack().client(StageService).createStage(req);

  it("is NOT_FOUND when the project does not exist", async () => {
    expect((await errorOf(createStage({ project: "nope", name: "test", spec: spec() }))).code).toBe(Code.NotFound);
  });

  it("is INVALID_ARGUMENT when the name is empty", async () => {
    const error = await errorOf(createStage({ project: "demo", name: "", spec: spec() }));
    expect(error.code).toBe(Code.InvalidArgument);
    expect(error.rawMessage).toBe("name should not be empty");
  });

  it("is INVALID_ARGUMENT when the name is not a DNS subdomain", async () => {
    const error = await errorOf(createStage({ project: "demo", name: "Not_Valid", spec: spec() }));
    expect(error.code).toBe(Code.InvalidArgument);
    expect(error.rawMessage).toMatch(/^name "Not_Valid" is not a valid name/);
  });

  it("is INVALID_ARGUMENT when the spec is missing", async () => {
    const error = await errorOf(createStage({ project: "demo", name: "test" }));
    expect(error.code).toBe(Code.InvalidArgument);
    expect(error.rawMessage).toBe("spec should not be empty");
  });

  describe("when the spec is invalid", () => {
    const cases: [string, MessageInitShape<typeof StageSpecSchema>, RegExp][] = [
      ["no requested freight", { requestedFreight: [] }, /^spec\.requestedFreight should not be empty$/],
      [
        "an origin without a name",
        { requestedFreight: [{ origin: { kind: "Warehouse", name: "" }, sources: { direct: true } }] },
        /requestedFreight\[0\]\.origin\.name should not be empty/,
      ],
      [
        "an origin of another kind",
        { requestedFreight: [{ origin: { kind: "Bucket", name: "wh" }, sources: { direct: true } }] },
        /origin\.kind "Bucket" must be Warehouse/,
      ],
      [
        "no sources",
        { requestedFreight: [{ origin: { kind: "Warehouse", name: "wh" }, sources: { direct: false, stages: [] } }] },
        /sources must be direct or name upstream stages/,
      ],
      [
        "itself as upstream",
        { requestedFreight: [{ origin: { kind: "Warehouse", name: "wh" }, sources: { stages: ["test"] } }] },
        /must not name the stage itself/,
      ],
      [
        "the same origin twice",
        {
          requestedFreight: [
            { origin: { kind: "Warehouse", name: "wh" }, sources: { direct: true } },
            { origin: { kind: "Warehouse", name: "wh" }, sources: { direct: true } },
          ],
        },
        /requestedFreight\[1\]\.origin requests Freight from Warehouse "wh" a second time/,
      ],
      [
        "an unknown availability strategy",
        { requestedFreight: [{ origin: { name: "wh" }, sources: { stages: ["a"], availabilityStrategy: "Most" } }] },
        /availabilityStrategy "Most"/,
      ],
      [
        "a malformed soak time",
        { requestedFreight: [{ origin: { name: "wh" }, sources: { stages: ["a"], requiredSoakTime: "1 day" } }] },
        /requiredSoakTime "1 day" is not a duration/,
      ],
      [
        "a soak time past Go's time.Duration",
        { requestedFreight: [{ origin: { name: "wh" }, sources: { stages: ["a"], requiredSoakTime: "2562048h" } }] },
        /^spec\.requestedFreight\[0\]\.sources\.requiredSoakTime "2562048h" is longer than Go's time\.Duration holds/,
      ],
      [
        "a step timeout that is not a duration",
        { promotionTemplate: { spec: { steps: [{ uses: "git-clone", retry: { timeout: "soon" } }] } } },
        /^spec\.promotionTemplate\.spec\.steps\[0\]\.retry\.timeout "soon" is not a Go duration such as "10m" \(at most 2562047h47m16\.854775807s\)$/,
      ],
      [
        "a step timeout past Go's time.Duration",
        { promotionTemplate: { spec: { steps: [{ uses: "git-clone", retry: { timeout: "99999999999h" } }] } } },
        /^spec\.promotionTemplate\.spec\.steps\[0\]\.retry\.timeout "99999999999h" is not a Go duration such as "10m" \(at most 2562047h47m16\.854775807s\)$/,
      ],
      [
        "MatchUpstream without exactly one upstream",
        { requestedFreight: [{ origin: { name: "wh" }, sources: { stages: ["a", "b"], autoPromotionOptions: { selectionPolicy: "MatchUpstream" } } }] },
        /MatchUpstream needs exactly one upstream stage \(it names 2\)/,
      ],
      ["a template without steps", { promotionTemplate: { spec: { steps: [] } } }, /^spec\.promotionTemplate\.spec\.steps should not be empty$/],
      [
        "a step with both uses and task",
        { promotionTemplate: { spec: { steps: [{ uses: "x", task: { name: "t" } }] } } },
        /steps\[0\] must set exactly one of uses or task/,
      ],
      ["a verification without templates", { verification: { analysisTemplates: [] } }, /^spec\.verification\.analysisTemplates should not be empty$/],
    ];
    it.each(cases)("is INVALID_ARGUMENT for %s", async (_what, overrides, message) => {
      const error = await errorOf(createStage({ project: "demo", name: "test", spec: spec(overrides) }));
      expect(error.code).toBe(Code.InvalidArgument);
      expect(error.rawMessage).toMatch(message);
    });
  });

  it("creates the stage, an origin without kind being a Warehouse", async () => {
    const res = await createStage({
      project: "demo",
      name: "created",
      spec: spec({ requestedFreight: [{ origin: { name: "wh" }, sources: { direct: true } }], verification: { analysisTemplates: [{ name: "smoke" }] } }),
    });
    expect(res.stage?.metadata?.name).toBe("created");
    const stored = await fixtures(stack()).kube.get(RESOURCES.stages, { namespace: "demo", name: "created" });
    expect(stored["spec"]).toMatchObject({
      requestedFreight: [{ origin: { kind: "Warehouse", name: "wh" }, sources: { direct: true } }],
      promotionTemplate: { spec: { steps: [{ uses: "git-clone" }] } },
      verification: { analysisTemplates: [{ name: "smoke" }] },
    });
    // Readable at once through the cache (read-your-writes).
    const got = await stack().client(StageService).getStage({ project: "demo", name: "created" });
    expect(got.result.case).toBe("stage");
  });

  it("is ALREADY_EXISTS when the name is taken", async () => {
    await fixtures(stack()).stage("demo", "taken");
    const error = await errorOf(createStage({ project: "demo", name: "taken", spec: spec() }));
    expect(error.code).toBe(Code.AlreadyExists);
  });
});

describe("StageService.UpdateStage", () => {
  beforeAll(async () => {
    // Written with client-node, as another tool would: a field this API does not model, a label
    // and an annotation — none of them owned by UpdateStage.
    await stack().custom.createNamespacedCustomObject({
      group: "kargo.akuity.io",
      version: "v1alpha1",
      namespace: "demo",
      plural: "stages",
      body: {
        apiVersion: "kargo.akuity.io/v1alpha1",
        kind: "Stage",
        metadata: { name: "upd", namespace: "demo", labels: { team: "a" }, annotations: { "kargo.akuity.io/color": "red" } },
        spec: {
          requestedFreight: [{ origin: { kind: "Warehouse", name: "wh" }, sources: { direct: true } }],
          promotionTemplate: { spec: { steps: [{ uses: "old-step" }] } },
          verification: { analysisTemplates: [{ name: "old" }] },
        },
      },
    });
  });

  it("is INVALID_ARGUMENT when the name is empty", async () => {
    expect((await errorOf(stack().client(StageService).updateStage({ project: "demo", name: "", spec: spec() }))).code).toBe(Code.InvalidArgument);
  });

  it("is INVALID_ARGUMENT when the spec is missing", async () => {
    expect((await errorOf(stack().client(StageService).updateStage({ project: "demo", name: "upd" }))).code).toBe(Code.InvalidArgument);
  });

  it("is INVALID_ARGUMENT when the spec is invalid", async () => {
    expect(
      (
        await errorOf(
          stack()
            .client(StageService)
            .updateStage({ project: "demo", name: "upd", spec: spec({ requestedFreight: [] }) }),
        )
      ).code,
    ).toBe(Code.InvalidArgument);
  });

  it("is NOT_FOUND when the stage does not exist", async () => {
    const error = await errorOf(stack().client(StageService).updateStage({ project: "demo", name: "ghost", spec: spec() }));
    expect(error.code).toBe(Code.NotFound);
    expect(error.rawMessage).toBe('stage "ghost" not found in project "demo"');
  });

  it("is ABORTED when resource_version is stale", async () => {
    const error = await errorOf(stack().client(StageService).updateStage({ project: "demo", name: "upd", spec: spec(), resourceVersion: "1" }));
    expect(error.code).toBe(Code.Aborted);
  });

  it("replaces the spec and keeps metadata written by others", async () => {
    const res = await stack()
      .client(StageService)
      .updateStage({ project: "demo", name: "upd", spec: spec({ shard: "east" }) });
    expect(res.stage?.spec?.promotionTemplate?.spec?.steps.map((s) => s.uses)).toEqual(["git-clone"]);
    const stored = await fixtures(stack()).kube.get(RESOURCES.stages, { namespace: "demo", name: "upd" });
    expect(stored.metadata.labels?.["team"]).toBe("a");
    expect(stored.metadata.annotations?.["kargo.akuity.io/color"]).toBe("red");
    const storedSpec = stored["spec"] as Record<string, unknown>;
    expect(storedSpec["shard"]).toBe("east");
    // Unset in the request: removed, as "replaces the spec" says.
    expect(storedSpec["verification"]).toBeUndefined();
  });

  it("applies with the current resource_version", async () => {
    const current = await fixtures(stack()).kube.get(RESOURCES.stages, { namespace: "demo", name: "upd" });
    const res = await stack()
      .client(StageService)
      .updateStage({ project: "demo", name: "upd", spec: spec(), resourceVersion: current.metadata.resourceVersion ?? "" });
    expect(res.stage?.spec?.shard).toBe("");
  });
});

describe("StageService.DeleteStage", () => {
  it("is INVALID_ARGUMENT when the name is empty", async () => {
    expect((await errorOf(stack().client(StageService).deleteStage({ project: "demo", name: "" }))).code).toBe(Code.InvalidArgument);
  });

  it("is NOT_FOUND when the stage does not exist", async () => {
    const error = await errorOf(stack().client(StageService).deleteStage({ project: "demo", name: "ghost" }));
    expect(error.code).toBe(Code.NotFound);
    expect(error.rawMessage).toMatch(/stage "ghost" not found in project "demo"/);
  });

  it("deletes the stage", async () => {
    await fixtures(stack()).stage("demo", "doomed");
    await stack().client(StageService).deleteStage({ project: "demo", name: "doomed" });
    expect((await errorOf(stack().client(StageService).getStage({ project: "demo", name: "doomed" }))).code).toBe(Code.NotFound);
  });
});

describe("StageService.RefreshStage", () => {
  it("is NOT_FOUND when the stage does not exist", async () => {
    expect((await errorOf(stack().client(StageService).refreshStage({ project: "demo", name: "ghost" }))).code).toBe(Code.NotFound);
  });

  it("sets a new refresh token on every call", async () => {
    await fixtures(stack()).stage("demo", "fresh");
    const client = stack().client(StageService);
    const first = (await client.refreshStage({ project: "demo", name: "fresh" })).stage?.metadata?.annotations["kargo.akuity.io/refresh"];
    const second = (await client.refreshStage({ project: "demo", name: "fresh" })).stage?.metadata?.annotations["kargo.akuity.io/refresh"];
    expect(first).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(second).toBeDefined();
    expect(second).not.toBe(first);
    const stored = await fixtures(stack()).kube.get(RESOURCES.stages, { namespace: "demo", name: "fresh" });
    expect(stored.metadata.annotations?.["kargo.akuity.io/refresh"]).toBe(second);
  });
});
