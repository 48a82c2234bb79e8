import type { JsonObject } from "@bufbuild/protobuf";
import { PromotionService } from "../../../gen/kargo/api/v1/promotion_service_pb.js";
import { PromotionTaskService } from "../../../gen/kargo/api/v1/promotion_task_service_pb.js";
import { useKargoStack } from "../../support/use-kargo-stack.js";
import { STEPS, fixtures } from "../freight/kargo-fixtures.js";

const project = "authored";

// What the RPCs are for: steps authored through PromotionTaskService are the steps a Stage's
// Promotion runs. The task's one step is the fixtures' git-clone of a port nothing listens on, so
// the Promotion never finishes: the test reads the steps it was given, not an outcome.
describe("tasks authored through PromotionTaskService", () => {
  const stack = useKargoStack();
  const fx = fixtures(stack);
  const tasks = () => stack().client(PromotionTaskService);

  beforeAll(async () => {
    await fx.project(project);
    await fx.warehouse(project, "images");
    const clone = STEPS[0]!;
    const spec = {
      vars: [{ name: "branch", value: "main" }],
      steps: [{ uses: clone.uses!, as: clone.as!, config: clone.config as JsonObject, retry: { errorThreshold: 1_000_000 } }],
    };
    await tasks().createPromotionTask({ project, name: "deploy", spec });
    await tasks().createClusterPromotionTask({ name: "shared-deploy", spec });
    await fx.stage(
      project,
      "test",
      [{ sources: { direct: true } }],
      [
        { task: { name: "deploy" }, as: "local" },
        { task: { name: "shared-deploy", kind: "ClusterPromotionTask" }, as: "shared" },
      ],
    );
  });

  it("are inflated into the Promotion of a Stage that references them", async () => {
    const freight = await fx.freight(project, { alias: "first" });
    const { promotion } = await stack().client(PromotionService).promoteToStage({ project, stage: "test", freight });
    const steps = promotion!.spec!.steps;
    expect(steps.map((s) => s.uses)).toEqual(["git-clone", "git-clone"]);
    expect(steps.map((s) => s.as)).toEqual(["local::clone", "shared::clone"]);
  });
});
