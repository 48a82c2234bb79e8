import { create } from "@bufbuild/protobuf";
import { PromotionSchema } from "../../gen/kargo/api/v1/promotion_pb.js";
import { promotionProgress } from "../../src/cli/promotion-progress.js";

describe("promotionProgress", () => {
  const promotion = (status: object) =>
    create(PromotionSchema, {
      metadata: { name: "uat.01abc.1234567" },
      spec: { stage: "uat", steps: [{ uses: "git-clone", as: "clone" }, { uses: "git-push" }] },
      status,
    });

  it("shows a new Promotion as Pending at its first step, by kind and author alias", () => {
    expect(promotionProgress(promotion({}))).toBe("uat.01abc.1234567  stage=uat  phase=Pending  step=1/2 (git-clone as clone)");
  });

  it("names the running step by its kind, not by a generated alias", () => {
    expect(
      promotionProgress(
        promotion({
          phase: "Running",
          currentStep: 1,
          stepExecutionMetadata: [
            { alias: "clone", status: "Succeeded" },
            { alias: "step-2", status: "Running" },
          ],
        }),
      ),
    ).toBe("uat.01abc.1234567  stage=uat  phase=Running  step=2/2 (git-push: Running)");
  });

  it("adds the phase message, quoted", () => {
    expect(promotionProgress(promotion({ phase: "Errored", message: 'step "git-push" failed' }))).toMatch(
      /phase=Errored {2}step=1\/2 \(git-clone as clone\) {2}message="step \\"git-push\\" failed"$/,
    );
  });

  it("shows the step that failed, not the last (Skipped) one, of a task's generated steps", () => {
    const failed = create(PromotionSchema, {
      metadata: { name: "test.01x.abc" },
      spec: { stage: "test", steps: [{ uses: "git-clone" }, { uses: "git-clear" }, { uses: "git-push" }] },
      status: {
        phase: "Errored",
        currentStep: 2,
        message: "clone failed",
        stepExecutionMetadata: [
          { alias: "promo-process::step-0", status: "Errored" },
          { alias: "promo-process::step-1", status: "Skipped" },
          { alias: "promo-process::step-2", status: "Skipped" },
        ],
      },
    });
    expect(promotionProgress(failed)).toBe('test.01x.abc  stage=test  phase=Errored  step=1/3 (git-clone: Errored)  message="clone failed"');
  });

  it("paints the phase and the step status when asked", () => {
    expect(promotionProgress(promotion({ phase: "Running", stepExecutionMetadata: [{ status: "Running" }] }), (s) => `<${s}>`)).toContain(
      "phase=<Running>  step=1/2 (git-clone as clone: <Running>)",
    );
  });
});
