import { decodeTime } from "ulid";
import { inflatePromotionSteps } from "../../src/domain/inflate-promotion-steps.js";
import { isPromotionBuildError } from "../../src/domain/promotion-build-error.js";
import { promotionFromStage } from "../../src/domain/promotion-from-stage.js";
import { promotionName } from "../../src/domain/promotion-name.js";
import { stageLabelValue } from "../../src/domain/stage-label-value.js";
import type { PromotionTask, Stage } from "../../src/domain/types.js";

const FREIGHT = "abcdef0123456789abcdef0123456789abcdef01";

describe("promotionName", () => {
  it("is <stage>.<ulid>.<first 7 of freight>, lower-case, with the ULID carrying the time", () => {
    // Later than any Promotion name made before in this worker: the ULIDs are monotonic within the
    // process, so a time earlier than the last one used is carried as that last time.
    const now = new Date(Math.ceil(Date.now() / 1000) * 1000 + 365 * 24 * 3600 * 1000 + 8);
    const name = promotionName("Test", FREIGHT, now);
    const [stage, id, freight] = name.split(".");
    expect(stage).toBe("test");
    expect(freight).toBe("abcdef0");
    expect(id).toMatch(/^[0-9a-hjkmnp-tv-z]{26}$/u);
    expect(decodeTime(id!.toUpperCase())).toBe(now.getTime());
  });

  it("cuts a long Stage name so the whole name is at most 253 characters", () => {
    const name = promotionName("s".repeat(300), FREIGHT);
    expect(name.length).toBe(253);
    expect(name.startsWith(`${"s".repeat(218)}.`)).toBe(true);
  });

  it("sorts by creation order within one millisecond", () => {
    const now = new Date();
    const names = Array.from({ length: 5 }, () => promotionName("x", FREIGHT, now));
    expect([...names].sort()).toEqual(names);
  });
});

describe("stageLabelValue", () => {
  it("keeps names that fit a label and shortens longer ones to 63 distinct characters", () => {
    expect(stageLabelValue("prod")).toBe("prod");
    const a = stageLabelValue(`${"a".repeat(70)}-1`);
    const b = stageLabelValue(`${"a".repeat(70)}-2`);
    expect(a.length).toBeLessThanOrEqual(63);
    expect(a).not.toBe(b);
  });
});

function stageWith(steps: unknown[], extra: Partial<NonNullable<Stage["spec"]>> = {}): Stage {
  return {
    metadata: { name: "test", namespace: "demo", uid: "uid-1" },
    spec: { promotionTemplate: { spec: { vars: [{ name: "t", value: "1" }], steps: steps as never } }, ...extra },
  };
}

describe("promotionFromStage", () => {
  const noTasks = () => undefined;

  it("builds the Promotion Kargo's webhook would: name, owner, labels, annotations, spec", () => {
    const stage = stageWith([{ uses: "git-clone", config: { repoURL: "x" } }], { shard: "east", vars: [{ name: "s", value: "0" }] });
    const promotion = promotionFromStage(stage, FREIGHT, { promotionTasks: noTasks, actor: "email:a@b.c" });
    expect(promotion.metadata.name).toMatch(/^test\.[0-9a-z]{26}\.abcdef0$/u);
    expect(promotion.metadata.namespace).toBe("demo");
    expect(promotion.metadata.ownerReferences).toEqual([
      { apiVersion: "kargo.akuity.io/v1alpha1", kind: "Stage", name: "test", uid: "uid-1", controller: true, blockOwnerDeletion: true },
    ]);
    expect(promotion.metadata.labels).toEqual({ "kargo.akuity.io/stage": "test", "kargo.akuity.io/shard": "east" });
    expect(promotion.metadata.annotations).toEqual({ "kargo.akuity.io/stage": "test", "kargo.akuity.io/create-actor": "email:a@b.c" });
    expect(promotion.spec).toEqual({
      stage: "test",
      freight: FREIGHT,
      vars: [
        { name: "s", value: "0" },
        { name: "t", value: "1" },
      ],
      steps: [{ uses: "git-clone", config: { repoURL: "x" } }],
    });
  });

  it("does not share step objects with the Stage", () => {
    const stage = stageWith([{ uses: "a", config: { k: 1 } }]);
    const promotion = promotionFromStage(stage, FREIGHT, { promotionTasks: noTasks });
    (promotion.spec.steps![0]!.config as Record<string, number>)["k"] = 2;
    expect(stage.spec!.promotionTemplate!.spec!.steps![0]!.config).toEqual({ k: 1 });
  });

  it("refuses a Stage without steps", () => {
    try {
      promotionFromStage(stageWith([]), FREIGHT, { promotionTasks: noTasks });
      throw new Error("expected a PromotionBuildError");
    } catch (error) {
      expect(isPromotionBuildError(error) && error.problem).toBe("no-steps");
      expect((error as Error).message).toContain('Stage "test"');
    }
  });
});

describe("inflatePromotionSteps", () => {
  const task: PromotionTask = {
    metadata: { name: "deploy", namespace: "demo" },
    spec: {
      vars: [{ name: "repo", value: "default-repo" }, { name: "env" }, { name: "fromPromo", value: "d" }],
      steps: [
        { uses: "git-clone", vars: [{ name: "inner", value: "i" }] },
        { uses: "git-push", as: "push" },
      ],
    },
  };
  const lookup = (kind: string, name: string) => (kind === "PromotionTask" && name === "deploy" ? task : undefined);

  it("expands a task reference into its steps with <alias>::<inner alias> and task variables first", () => {
    const steps = inflatePromotionSteps(
      [
        { uses: "before" },
        { task: { name: "deploy" }, as: "dep", vars: [{ name: "env", value: "prod" }] },
        { task: { name: "deploy" }, vars: [{ name: "env", value: "uat" }] },
      ],
      [{ name: "fromPromo", value: "set" }],
      lookup,
    );
    expect(steps.map((s) => s.as ?? s.uses)).toEqual(["before", "dep::step-0", "dep::push", "step-2::step-0", "step-2::push"]);
    // Task defaults (not those the Promotion sets), then the referencing step's vars, then the inner step's.
    expect(steps[1]!.vars).toEqual([
      { name: "repo", value: "default-repo" },
      { name: "env", value: "prod" },
      { name: "inner", value: "i" },
    ]);
    expect(steps[4]!.vars).toEqual([
      { name: "repo", value: "default-repo" },
      { name: "env", value: "uat" },
    ]);
  });

  it("refuses a task variable without default that the step does not set", () => {
    expect(() => inflatePromotionSteps([{ task: { name: "deploy" } }], [], lookup)).toThrow(/missing value for variable "env"/);
  });

  it("refuses a missing task, looking ClusterPromotionTasks up by kind", () => {
    const kinds: string[] = [];
    const recording = (kind: string) => {
      kinds.push(kind);
      return undefined;
    };
    expect(() => inflatePromotionSteps([{ task: { name: "x", kind: "ClusterPromotionTask" } }], [], recording)).toThrow(/ClusterPromotionTask "x"/);
    expect(kinds).toEqual(["ClusterPromotionTask"]);
  });
});
