import { create } from "@bufbuild/protobuf";
import { Code, ConnectError } from "@connectrpc/connect";
import { PromotionSchema } from "../../gen/kargo/api/v1/promotion_pb.js";
import { describeError, LocalError, UsageError } from "../../src/cli/cli-errors.js";
import { promotionProgress } from "../../src/cli/promotion-progress.js";
import { formatTable } from "../../src/cli/print-table.js";

describe("promotionProgress", () => {
  const promotion = (status: object) =>
    create(PromotionSchema, { metadata: { name: "uat.01abc.1234567" }, spec: { stage: "uat", steps: [{ uses: "git-clone", as: "clone" }, { uses: "git-push" }] }, status });

  it("shows a new Promotion as Pending at its first step", () => {
    expect(promotionProgress(promotion({}))).toBe("uat.01abc.1234567  stage=uat  phase=Pending  step=1/2 (clone)");
  });

  it("shows the running step with its recorded alias and status", () => {
    expect(promotionProgress(promotion({ phase: "Running", currentStep: 1, stepExecutionMetadata: [{ alias: "clone", status: "Succeeded" }, { alias: "step-2", status: "Running" }] }))).toBe(
      "uat.01abc.1234567  stage=uat  phase=Running  step=2/2 (step-2: Running)",
    );
  });

  it("adds the phase message, quoted", () => {
    expect(promotionProgress(promotion({ phase: "Errored", message: 'step "git-push" failed' }))).toMatch(/phase=Errored {2}step=1\/2 \(clone\) {2}message="step \\"git-push\\" failed"$/);
  });
});

describe("describeError", () => {
  it.each([
    [new UsageError("bad"), "error: usage: bad (see kargo-api --help)", 2],
    [new LocalError("file", "cannot read x:\n  ENOENT"), "error: file: cannot read x: ENOENT", 3],
    [new ConnectError("stage \"x\" not found", Code.NotFound), 'error: not_found: stage "x" not found', 1],
    [new ConnectError("", Code.FailedPrecondition), "error: failed_precondition: FailedPrecondition", 1],
    [new Error("boom"), "error: unknown: boom", 1],
  ])("%s → one line and its exit code", (error, line, exitCode) => {
    expect(describeError(error)).toEqual({ line, exitCode });
  });
});

describe("formatTable", () => {
  it("pads every column but the last to its widest cell", () => {
    expect(formatTable(["NAME", "AGE"], [["a-long-name", "5s"], ["b", "10m"]])).toEqual(["NAME          AGE", "a-long-name   5s", "b             10m"]);
  });
});
