import { create } from "@bufbuild/protobuf";
import { PromotionSchema } from "../../gen/kargo/api/v1/promotion_pb.js";
import { promotionProgress } from "../../src/cli/promotion-progress.js";

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
