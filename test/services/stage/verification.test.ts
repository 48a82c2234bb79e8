import { Code } from "@connectrpc/connect";
import { StageService } from "../../../gen/kargo/api/v1/stage_service_pb.js";
import { RESOURCES } from "../../../src/kube/index.js";
import { useKargoStack } from "../../support/use-kargo-stack.js";
import { directStageSpec, errorOf, fixtures } from "../common/fixtures.js";

const stack = useKargoStack();

const verifiedSpec = { ...directStageSpec(), verification: { analysisTemplates: [{ name: "smoke" }] } };
const freight = { name: "f1", origin: { kind: "Warehouse", name: "wh" } };

/** A Stage with current Freight whose newest verification has `phase` (none when undefined). */
async function stageWith(name: string, options: { spec?: Record<string, unknown>; phase?: string; freight?: boolean }): Promise<void> {
  const f = fixtures(stack());
  await f.stage("demo", name, options.spec ?? verifiedSpec);
  if (options.freight === false) return;
  const verificationHistory =
    options.phase === undefined
      ? []
      : [
          { id: `${name}-v2`, phase: options.phase },
          { id: `${name}-v1`, phase: "Failed" },
        ];
  // A promotion in progress (currentPromotion) keeps the embedded verification controller off these
  // made-up verifications: it neither starts one nor follows a run that does not exist.
  await f.stageStatus("demo", name, {
    currentPromotion: { name: "in-progress" },
    freightHistory: [{ id: "c1", items: { "Warehouse/wh": freight }, verificationHistory }],
  });
}

async function annotation(name: string, key: string): Promise<string | undefined> {
  const stored = await fixtures(stack()).kube.get(RESOURCES.stages, { namespace: "demo", name });
  return stored.metadata.annotations?.[key];
}

beforeAll(async () => {
  await fixtures(stack()).project("demo");
  await stageWith("no-freight", { freight: false });
  await stageWith("unverified", { spec: directStageSpec(), phase: "Successful" });
  await stageWith("never-verified", {});
  await stageWith("finished", { phase: "Successful" });
  await stageWith("running", { phase: "Running" });
});

describe("StageService.Reverify", () => {
  it("is INVALID_ARGUMENT when the stage is empty", async () => {
    const error = await errorOf(stack().client(StageService).reverify({ project: "demo", stage: "" }));
    expect(error.code).toBe(Code.InvalidArgument);
  });

  it("is NOT_FOUND when the stage does not exist", async () => {
    const error = await errorOf(stack().client(StageService).reverify({ project: "demo", stage: "ghost" }));
    expect(error.code).toBe(Code.NotFound);
    expect(error.rawMessage).toBe('stage "ghost" not found in project "demo"');
  });

  it("is FAILED_PRECONDITION when the stage has no current freight", async () => {
    const error = await errorOf(stack().client(StageService).reverify({ project: "demo", stage: "no-freight" }));
    expect(error.code).toBe(Code.FailedPrecondition);
    expect(error.rawMessage).toBe('stage "no-freight" in project "demo" has no current freight');
  });

  it("is FAILED_PRECONDITION when the stage has no verification configured", async () => {
    const error = await errorOf(stack().client(StageService).reverify({ project: "demo", stage: "unverified" }));
    expect(error.code).toBe(Code.FailedPrecondition);
    expect(error.rawMessage).toMatch(/has no verification configured/);
  });

  it("is FAILED_PRECONDITION when no verification has run for the current freight", async () => {
    const error = await errorOf(stack().client(StageService).reverify({ project: "demo", stage: "never-verified" }));
    expect(error.code).toBe(Code.FailedPrecondition);
    expect(error.rawMessage).toMatch(/has no verification of its current freight yet/);
  });

  it("asks for a re-run of the newest verification, naming the caller", async () => {
    await stack().client(StageService).reverify({ project: "demo", stage: "finished" });
    expect(JSON.parse((await annotation("finished", "kargo.akuity.io/reverify")) ?? "null")).toEqual({ id: "finished-v2", actor: "admin" });
  });
});

describe("StageService.AbortVerification", () => {
  it("is INVALID_ARGUMENT when the stage is empty", async () => {
    expect((await errorOf(stack().client(StageService).abortVerification({ project: "demo", stage: "" }))).code).toBe(Code.InvalidArgument);
  });

  it("is NOT_FOUND when the stage does not exist", async () => {
    expect((await errorOf(stack().client(StageService).abortVerification({ project: "demo", stage: "ghost" }))).code).toBe(Code.NotFound);
  });

  it("is FAILED_PRECONDITION when the stage has no current freight", async () => {
    expect((await errorOf(stack().client(StageService).abortVerification({ project: "demo", stage: "no-freight" }))).code).toBe(Code.FailedPrecondition);
  });

  it("is FAILED_PRECONDITION when no verification has run", async () => {
    expect((await errorOf(stack().client(StageService).abortVerification({ project: "demo", stage: "never-verified" }))).code).toBe(Code.FailedPrecondition);
  });

  it("does nothing when the verification already finished", async () => {
    await stack().client(StageService).abortVerification({ project: "demo", stage: "finished" });
    expect(await annotation("finished", "kargo.akuity.io/abort")).toBeUndefined();
  });

  it("asks the controller to abort a running verification", async () => {
    await stack().client(StageService).abortVerification({ project: "demo", stage: "running" });
    expect(JSON.parse((await annotation("running", "kargo.akuity.io/abort")) ?? "null")).toEqual({ id: "running-v2", actor: "admin" });
  });
});
