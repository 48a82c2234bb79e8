import type { KargoClient } from "../../src/client/index.js";
import { useKargoStack } from "../support/use-kargo-stack.js";
import { adminClient, applyPipeline, createFreight } from "./support/admin-client.js";
import { useCli } from "./support/cli-process.js";

const project = "watching";

// `watch promotions` across a real promotion run: the embedded promotion runner executes the
// pipeline's two compose-output steps, and the CLI process prints each change of phase and step.
describe("kargo-api watch promotions", () => {
  const stack = useKargoStack();
  const cli = useCli();
  let admin: KargoClient;
  const env = () => ({ KARGO_API_TOKEN: stack().adminToken, KARGO_API_SERVER: stack().baseUrl });

  beforeAll(async () => {
    admin = adminClient(stack());
    await applyPipeline(admin, project);
  });

  it("shows a Promotion from creation through its steps to Succeeded", async () => {
    const before = await createFreight(admin, project, "0.9.0", "earlier");
    const earlier = (await admin.promotions.promoteToStage({ project, stage: "test", freight: before })).promotion!.metadata!.name;
    const watch = cli().start(["watch", "promotions", "-p", project], { env: env() });
    try {
      // The snapshot: the Promotion that already exists.
      await watch.waitFor(new RegExp(`ADDED +${escapeRegExp(earlier)}  stage=test  phase=`));

      const freight = await createFreight(admin, project, "1.0.0", "later");
      const name = (await admin.promotions.promoteToStage({ project, stage: "test", freight })).promotion!.metadata!.name;
      await watch.waitFor(new RegExp(`ADDED +${escapeRegExp(name)}  stage=test  phase=\\w+  step=1/2`));
      await watch.waitFor(new RegExp(`MODIFIED +${escapeRegExp(name)}  stage=test  phase=Succeeded  step=2/2 \\(compose-output as announce: Succeeded\\)`));

      const lines = watch
        .stdout()
        .split("\n")
        .filter((l) => l.includes(name));
      for (const line of lines) expect(line).toMatch(/^\d{4}-\d\d-\d\dT[\d:.]+Z {2}(ADDED|MODIFIED) /);
      // Phases only move forward, and a line is printed only when something shown changed.
      const phases = lines.map((l) => /phase=(\w+)/.exec(l)![1]!);
      const order = ["Pending", "Running", "Succeeded"];
      expect(phases.map((p) => order.indexOf(p))).toEqual([...phases.map((p) => order.indexOf(p))].sort((a, b) => a - b));
      expect(new Set(lines.map((l) => l.slice(l.indexOf("  ") + 2))).size).toBe(lines.length);
    } finally {
      expect((await watch.stop()).code).toBe(0);
    }
  });

  it("-o json prints each event as one JSON line with the Promotion's Kubernetes JSON", async () => {
    const watch = cli().start(["watch", "promotions", "-p", project, "--stage", "test", "-o", "json"], { env: env() });
    try {
      await watch.waitFor(/"phase":"Succeeded"/);
      const first = JSON.parse(watch.stdout().split("\n")[0]!) as { type: string; object: { kind: string; spec: { stage: string } } };
      expect(first).toMatchObject({ type: "ADDED", object: { kind: "Promotion", spec: { stage: "test" } } });
    } finally {
      await watch.stop();
    }
  });

  it("get promotion NAME --watch follows that one Promotion (WatchPromotion)", async () => {
    const { promotions } = await admin.promotions.listPromotions({ project });
    const [one, other] = promotions.map((p) => p.metadata!.name);
    const watch = cli().start(["get", "promotion", one!, "--watch", "-p", project], { env: env() });
    try {
      await watch.waitFor(new RegExp(`^ADDED +${escapeRegExp(one!)} +test +\\S+ +Succeeded`, "m"));
    } finally {
      await watch.stop();
    }
    expect(watch.stdout()).not.toContain(other!);
  });

  it("fails with one NOT_FOUND line for a project that does not exist", async () => {
    const result = await cli().run(["watch", "promotions", "-p", "nowhere"], { env: env() });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^error: not_found: [^\n]*nowhere[^\n]*\n$/);
  });
});

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
