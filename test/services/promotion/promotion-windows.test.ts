import { Code } from "@connectrpc/connect";
import { ClusterConfigService } from "../../../gen/kargo/api/v1/cluster_config_service_pb.js";
import { ProjectService } from "../../../gen/kargo/api/v1/project_service_pb.js";
import { PromotionService } from "../../../gen/kargo/api/v1/promotion_service_pb.js";
import { ResourceService } from "../../../gen/kargo/api/v1/resource_service_pb.js";
import { StageService } from "../../../gen/kargo/api/v1/stage_service_pb.js";
import { useKargoStack } from "../../support/use-kargo-stack.js";
import { errorOf, fixtures } from "../freight/kargo-fixtures.js";
import { eventually } from "../../support/eventually.js";

const project = "windows";
const group = "kargo.akuity.io";
const version = "v1alpha1";

// The stack's promotion-window clock (startKargoApi's promotionWindowClock): the tests move it
// through the windows instead of waiting for real time. The freeze is 2030-01-01 00:00–01:00 UTC.
const BEFORE = new Date("2029-12-31T23:00:00Z");
const FROZEN = new Date("2030-01-01T00:30:00Z");
const AFTER = new Date("2030-01-01T02:00:00Z");
let clock = BEFORE;

describe("promotion windows", () => {
  const stack = useKargoStack({ promotionWindowClock: () => clock });
  const fx = fixtures(stack);
  const frozen = { freeze: "yes" };
  const promote = (stage: string, freight: string) => stack().client(PromotionService).promoteToStage({ project, stage, freight });
  const promotionsOf = async (stage: string) =>
    (await stack().client(PromotionService).listPromotions({ project })).promotions.filter((p) => p.spec?.stage === stage);
  const windowStatusOf = async (stage: string) => {
    const res = await stack().client(StageService).getStage({ project, name: stage });
    return res.result.case === "stage" ? res.result.value.status?.promotionWindowStatus : undefined;
  };

  /** What the embedded controllers stored on the Stage (GetStage evaluates it afresh). */
  const storedWindowStatusOf = async (stage: string) =>
    (
      (await stack().custom.getNamespacedCustomObject({ group, version, namespace: project, plural: "stages", name: stage })) as {
        status?: { promotionWindowStatus?: Record<string, string> };
      }
    ).status?.promotionWindowStatus;

  beforeAll(async () => {
    await fx.project(project);
    await fx.warehouse(project, "images");
    for (const name of ["test", "held", "running"]) await fx.stage(project, name, [{ sources: { direct: true } }], undefined, {});
    await fx.stage(project, "uat", [{ sources: { stages: ["test"] } }]);
    await fx.stage(project, "control", [{ sources: { direct: true } }]);
    for (const name of ["test", "uat", "held", "running"]) {
      await stack().custom.patchNamespacedCustomObject({
        group,
        version,
        namespace: project,
        plural: "stages",
        name,
        body: [{ op: "add", path: "/metadata/labels", value: frozen }],
      });
    }
    await stack().custom.createNamespacedCustomObject({
      group,
      version,
      namespace: project,
      plural: "projectconfigs",
      body: {
        apiVersion: `${group}/${version}`,
        kind: "ProjectConfig",
        metadata: { name: project },
        spec: {
          promotionPolicies: [
            { stage: "held", autoPromotionEnabled: true },
            { stage: "control", autoPromotionEnabled: true },
          ],
          promotionWindows: [
            {
              name: "freeze",
              kind: "Deny",
              description: "new year",
              stageSelector: { matchLabels: frozen },
              dtstart: "20300101T000000Z",
              dtend: "20300101T010000Z",
            },
          ],
        },
      },
    });
    // The API enforces from its caches: wait until they show the window.
    await eventually(async () => {
      const res = await stack().client(ProjectService).getProjectConfig({ project });
      return res.result.case === "projectConfig" && res.result.value.spec?.promotionWindows.length === 1;
    });
  });

  it("never interrupts a promotion that was running when the window closed", async () => {
    const freight = await fx.freight(project, { alias: "running-one" });
    const { promotion } = await promote("running", freight);
    await fx.promotionPhase(project, promotion!.metadata!.name, "Running");
    clock = FROZEN;
    // The controllers have seen the window close once they stored it on the Stage.
    await eventually(async () => (await storedWindowStatusOf("running"))?.state === "Closed");
    expect((await promotionsOf("running")).map((p) => [p.metadata?.name, p.status?.phase])).toEqual([[promotion!.metadata!.name, "Running"]]);
  });

  it("reports the effective state on each Stage: the window and when it changes", async () => {
    clock = FROZEN;
    await eventually(async () => (await windowStatusOf("test"))?.state === "Closed");
    const status = await windowStatusOf("test");
    expect(status?.window).toBe("ProjectConfig/freeze");
    expect(status?.nextChange?.seconds).toBe(BigInt(Date.parse("2030-01-01T01:00:00Z") / 1000));
    await eventually(async () => (await windowStatusOf("control"))?.state === "Open");
    // The embedded controllers store the same on the Stage.
    await eventually(async () => (await storedWindowStatusOf("test"))?.state === "Closed");
    expect(await storedWindowStatusOf("test")).toEqual({
      state: "Closed",
      window: "ProjectConfig/freeze",
      reason: 'Deny window "freeze" (ProjectConfig) is active',
      nextChange: "2030-01-01T01:00:00Z",
    });
  });

  it("refuses PromoteToStage while closed with FAILED_PRECONDITION naming the window and the reopening", async () => {
    clock = FROZEN;
    const freight = await fx.freight(project, { alias: "manual" });
    const error = await errorOf(promote("test", freight));
    expect(error.code).toBe(Code.FailedPrecondition);
    expect(error.rawMessage).toContain("ProjectConfig/freeze");
    expect(error.rawMessage).toContain('stage "test" of project "windows"');
    expect(error.rawMessage).toContain("promotions resume at 2030-01-01T01:00:00.000Z");
    expect(await promotionsOf("test")).toEqual([]);
  });

  it("refuses PromoteDownstream while closed, creating nothing", async () => {
    clock = FROZEN;
    const freight = await fx.freight(project, { alias: "downstream" });
    await fx.freightStatus(project, freight, { verifiedIn: { test: { verifiedAt: new Date().toISOString() } } as never });
    const error = await errorOf(stack().client(PromotionService).promoteDownstream({ project, stage: "test", freight }));
    expect(error.code).toBe(Code.FailedPrecondition);
    expect(error.rawMessage).toContain('Deny window "freeze"');
    expect(await promotionsOf("uat")).toEqual([]);
  });

  it("refuses a Promotion in a manifest (CreateResource) while closed", async () => {
    clock = FROZEN;
    const freight = await fx.freight(project, { alias: "manifest" });
    const manifest = `apiVersion: ${group}/${version}\nkind: Promotion\nmetadata:\n  generateName: test-\n  namespace: ${project}\nspec:\n  stage: test\n  freight: ${freight}\n`;
    const { results } = await stack()
      .client(ResourceService)
      .createResource({ manifest: new TextEncoder().encode(manifest) });
    expect(results[0]?.result.case).toBe("error");
    const failure = results[0]!.result.value as { code: string; message: string };
    expect(failure.code).toBe("failed_precondition");
    expect(failure.message).toContain("ProjectConfig/freeze");
  });

  it("refuses a Promotion created directly on the Kubernetes API (kubectl) while closed", async () => {
    clock = FROZEN;
    const freight = await fx.freight(project, { alias: "kubectl" });
    const attempt = stack().custom.createNamespacedCustomObject({
      group,
      version,
      namespace: project,
      plural: "promotions",
      body: { apiVersion: `${group}/${version}`, kind: "Promotion", metadata: { generateName: "test-" }, spec: { stage: "test", freight } },
    });
    const body = await attempt.then(
      () => undefined,
      (error: { body?: unknown }) => JSON.parse(String(error.body)) as { code: number; reason: string; message: string },
    );
    expect(body).toMatchObject({ code: 403, reason: "PromotionWindowClosed" });
    expect(body!.message).toContain("promotions resume at 2030-01-01T01:00:00.000Z");
  });

  it("holds auto-promotion while closed, then promotes only the newest eligible Freight once it reopens", async () => {
    clock = FROZEN;
    const older = await fx.freight(project, { alias: "auto-older", discoveredAt: "2029-12-01T00:00:00Z" });
    const newer = await fx.freight(project, { alias: "auto-newer", discoveredAt: "2029-12-02T00:00:00Z" });
    // control (no window) gets the newest Freight: auto-promotion has passed over held since.
    await eventually(async () => (await promotionsOf("control")).some((p) => p.spec?.freight === newer));
    const heldFreight = async () => (await promotionsOf("held")).map((p) => p.spec?.freight);
    expect(await heldFreight()).not.toContain(newer);
    expect(await heldFreight()).not.toContain(older);

    clock = AFTER;
    await eventually(async () => (await heldFreight()).includes(newer));
    expect(await heldFreight()).not.toContain(older);
    // And the manual path is open again.
    const { promotion } = await promote("test", older);
    expect(promotion?.spec?.stage).toBe("test");
  });

  it("refuses a config whose window does not parse (INVALID_ARGUMENT naming it)", async () => {
    const error = await errorOf(
      stack()
        .client(ClusterConfigService)
        .updateClusterConfig({
          spec: { promotionWindows: [{ name: "typo", kind: "Deny", rrule: "FREQ=FORTNIGHTLY", dtstart: "20300101T000000Z", dtend: "20300102T000000Z" }] },
        }),
    );
    expect(error.code).toBe(Code.InvalidArgument);
    expect(error.rawMessage).toContain('spec.promotionWindows[0]: Invalid value: window "typo": invalid rrule');
  });

  it("applies ClusterConfig windows to the projects their projectSelector matches", async () => {
    clock = AFTER;
    // Through the API (UpdateClusterConfig models promotionWindows), as an administrator would.
    await stack()
      .client(ClusterConfigService)
      .updateClusterConfig({
        spec: {
          promotionWindows: [
            { name: "elsewhere", kind: "Deny", projectSelector: { name: "glob:other-*" }, dtstart: "20300101T000000Z", dtend: "20300102T000000Z" },
            {
              name: "weekly-maintenance",
              kind: "Deny",
              projectSelector: { name: "glob:win*" },
              stageSelector: { name: "control" },
              rrule: "FREQ=WEEKLY;BYDAY=TU",
              dtstart: "TZID=Europe/Berlin:20291225T020000",
              dtend: "TZID=Europe/Berlin:20291225T040000",
            },
          ],
        },
      });
    await eventually(async () => {
      const res = await stack().client(ClusterConfigService).getClusterConfig({});
      return res.result.case === "clusterConfig" && res.result.value.spec?.promotionWindows.length === 2;
    });
    const freight = await fx.freight(project, { alias: "cluster-window" });
    // 2030-01-01 is a Tuesday; 02:00Z is 03:00 in Berlin, inside the 02:00–04:00 local window.
    const error = await errorOf(promote("control", freight));
    expect(error.code).toBe(Code.FailedPrecondition);
    expect(error.rawMessage).toContain("ClusterConfig/weekly-maintenance");
    expect(error.rawMessage).toContain("promotions resume at 2030-01-01T03:00:00.000Z");
    // "elsewhere" selects other projects only: test is open.
    const { promotion } = await promote("test", freight);
    expect(promotion?.spec?.stage).toBe("test");
  });
});
