import { STEP_EFFECTS, externalEffectOf } from "../../../src/embedded/steps/step-effects.js";
import { STEP_RUNNERS } from "../../../src/embedded/steps/step-runners.js";

describe("step effects", () => {
  it("are declared for exactly the steps the engine runs (a new step cannot forget its declaration)", () => {
    expect([...STEP_EFFECTS.keys()].sort()).toEqual([...STEP_RUNNERS.keys()].sort());
  });

  it("mark the steps that write outside the work tree, and only those", () => {
    const external = [...STEP_EFFECTS.keys()].filter(
      (uses) =>
        externalEffectOf(uses, {}) !== undefined && !uses.startsWith("argocd") && !uses.includes("-pr") && uses !== "github-push" && uses !== "helm-template",
    );
    expect(external.sort()).toEqual(["git-push", "oci-push", "set-freight-alias", "set-metadata"]);
    expect(externalEffectOf("argocd-update", {})).toBe("acts on a system outside the embedded engine");
  });

  it("let http read (GET, HEAD) but not write", () => {
    expect(externalEffectOf("http", {})).toBeUndefined();
    expect(externalEffectOf("http", { method: "get" })).toBeUndefined();
    expect(externalEffectOf("http", { method: "HEAD" })).toBeUndefined();
    expect(externalEffectOf("http", { method: "POST" })).toBe("sends an HTTP POST request");
    expect(externalEffectOf("http", { method: "delete" })).toBe("sends an HTTP DELETE request");
  });

  it("treat a step that declares nothing as having effects (fail closed)", () => {
    expect(externalEffectOf("made-up", {})).toMatch(/declares no effects/u);
  });
});
