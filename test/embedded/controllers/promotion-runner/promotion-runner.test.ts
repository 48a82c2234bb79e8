import { chmodSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { CoreV1Api } from "@kubernetes/client-node";
import type { Freight, Promotion, Stage } from "../../../../src/domain/types.js";
import { createTestRepository, git, kustomizeLayout, type TestRepository } from "../support/git-repository.js";
import { createFreight, createPromotion, createStage, terminalPromotion } from "../support/kargo-objects.js";
import { useControllers } from "../support/use-controllers.js";
import { eventually } from "../../../support/eventually.js";

const PROJECT = "runner";
const IMAGE = "nginx";

/** The quickstart's path: clone main and the stage branch, set the image, commit, push. */
function gitOpsSteps(repo: TestRepository) {
  return [
    {
      uses: "git-clone",
      config: {
        repoURL: repo.url,
        checkout: [
          { branch: "main", path: "./src" },
          { branch: "stage/${{ ctx.stage }}", create: true, path: "./out" },
        ],
      },
    },
    { uses: "git-clear", config: { path: "./out" } },
    { uses: "copy", config: { inPath: "./src/base", outPath: "./out/base" } },
    { uses: "kustomize-set-image", as: "update", config: { path: "./out/base", images: [{ image: IMAGE, tag: "${{ imageFrom(vars.imageRepo).Tag }}" }] } },
    { uses: "git-commit", as: "commit", config: { path: "./out", message: "${{ outputs.update.commitMessage }}" } },
    { uses: "git-push", config: { path: "./out" } },
  ];
}

describe("promotion runner", () => {
  const fixture = useControllers();
  let repo: TestRepository;

  beforeAll(async () => {
    await fixture.createProject(PROJECT);
    repo = createTestRepository();
    repo.commit(kustomizeLayout(["test"]), "initial layout");
  });

  const freightByTag = new Map<string, Freight>();
  async function freightWithTag(tag: string): Promise<Freight> {
    const known = freightByTag.get(tag);
    if (known) return known;
    const created = await createFreight(fixture.client, PROJECT, "images", { images: [{ repoURL: IMAGE, tag, digest: `sha256:${tag.replace(/\D/gu, "")}` }] });
    freightByTag.set(tag, created);
    return created;
  }

  describe("a promotion through git-clone → kustomize-set-image → git-commit → git-push", () => {
    let stage: Stage;
    let promotion: Promotion;
    let freight: Freight;

    beforeAll(async () => {
      stage = await createStage(fixture.client, PROJECT, "test", {
        warehouse: "images",
        steps: gitOpsSteps(repo),
        vars: [{ name: "imageRepo", value: IMAGE }],
      });
      freight = await freightWithTag("1.29.1");
      const created = await createPromotion(fixture.client, stage, freight.metadata.name!);
      promotion = await terminalPromotion(fixture.client, PROJECT, created.metadata.name!);
    });

    it("succeeds with every step recorded", () => {
      expect(promotion.status?.["phase"]).toBe("Succeeded");
      const steps = promotion.status?.["stepExecutionMetadata"] as { alias: string; status: string; startedAt: string; finishedAt: string }[];
      expect(steps.map((s) => [s.alias, s.status])).toEqual([
        ["step-0", "Succeeded"],
        ["step-1", "Succeeded"],
        ["step-2", "Succeeded"],
        ["update", "Succeeded"],
        ["commit", "Succeeded"],
        ["step-5", "Succeeded"],
      ]);
      expect(steps.every((s) => s.startedAt && s.finishedAt)).toBe(true);
      expect(promotion.status?.["startedAt"]).toBeTruthy();
      expect(promotion.status?.["finishedAt"]).toBeTruthy();
      expect(promotion.status?.["currentStep"]).toBe(5);
      expect((promotion.status?.["freight"] as { name: string }).name).toBe(freight.metadata.name);
    });

    it("moves the bare repository's stage branch to a commit with the new image", () => {
      const kustomization = repo.show("stage/test", "base/kustomization.yaml");
      expect(kustomization).toMatch(/name: nginx\n\s+newTag: 1\.29\.1/u);
      expect(git(repo.bare, "log", "-1", "--format=%s", "stage/test")).toBe("Updated ./out/base to use new image");
      const commitOutput = (promotion.status?.["state"] as Record<string, { commit?: string }>)["commit"]?.commit;
      expect(git(repo.bare, "rev-parse", "stage/test")).toBe(commitOutput);
      // main is untouched.
      expect(repo.show("main", "base/kustomization.yaml")).toContain("newTag: 1.0.0");
    });

    it("records the Freight in the Stage and the Stage in the Freight", async () => {
      const updatedStage = (await fixture.client.get<Stage>("stages", PROJECT, "test"))!;
      const status = updatedStage.status as Record<string, any>;
      expect(status.freightHistory[0].items["Warehouse/images"].name).toBe(freight.metadata.name);
      expect(status.lastPromotion.name).toBe(promotion.metadata.name);
      expect(status.lastPromotion.status.phase).toBe("Succeeded");
      expect(status.health.status).toBe("Healthy");
      expect(status.currentPromotion ?? undefined).toBeUndefined();
      const updatedFreight = (await fixture.client.get<Freight>("freights", PROJECT, freight.metadata.name!))!;
      expect(updatedFreight.status?.currentlyIn?.["test"]?.since).toBeTruthy();
      expect(updatedFreight.status?.verifiedIn?.["test"]?.verifiedAt).toBeTruthy();
    });

    it("emits a PromotionSucceeded event", async () => {
      const core = fixture.plane.kubeConfig().makeApiClient(CoreV1Api);
      const events = await core.listNamespacedEvent({ namespace: PROJECT });
      const event = events.items.find((e) => e.involvedObject.name === promotion.metadata.name);
      expect(event?.reason).toBe("PromotionSucceeded");
      expect(event?.metadata.annotations?.["event.kargo.akuity.io/stage-name"]).toBe("test");
    });

    it("promotes the next Freight on top, leaving the previous one no longer current", async () => {
      const next = await freightWithTag("1.29.2");
      const created = await createPromotion(fixture.client, stage, next.metadata.name!);
      expect((await terminalPromotion(fixture.client, PROJECT, created.metadata.name!)).status?.["phase"]).toBe("Succeeded");
      expect(repo.show("stage/test", "base/kustomization.yaml")).toContain("newTag: 1.29.2");
      expect(git(repo.bare, "rev-list", "--count", "stage/test")).toBe("2");
      const history = ((await fixture.client.get<Stage>("stages", PROJECT, "test"))!.status as any).freightHistory;
      expect(history.map((c: any) => c.items["Warehouse/images"].name)).toEqual([next.metadata.name, freight.metadata.name]);
      const previous = (await fixture.client.get<Freight>("freights", PROJECT, freight.metadata.name!))!;
      expect(previous.status?.currentlyIn?.["test"]).toBeUndefined();
      expect(previous.status?.verifiedIn?.["test"]?.longestSoak).toMatch(/^\d+s$/u);
    });
  });

  describe("step control", () => {
    async function promote(stageName: string, steps: any[]): Promise<Promotion> {
      const stage = await createStage(fixture.client, PROJECT, stageName, { warehouse: "images", steps });
      const freight = await freightWithTag("2.0.0");
      const created = await createPromotion(fixture.client, stage, freight.metadata.name!);
      return terminalPromotion(fixture.client, PROJECT, created.metadata.name!);
    }
    const metadataOf = (promotion: Promotion) => promotion.status?.["stepExecutionMetadata"] as Record<string, any>[];

    it("skips a step whose if is false and passes outputs between steps", async () => {
      const promotion = await promote("conditions", [
        { uses: "compose-output", as: "facts", config: { stage: "${{ ctx.stage }}", promotion: "${{ ctx.promotion }}", project: "${{ ctx.project }}" } },
        { uses: "compose-output", as: "never", if: "${{ outputs.facts.stage == 'elsewhere' }}", config: { x: "1" } },
        {
          uses: "compose-output",
          as: "after",
          if: "outputs.facts.stage == 'conditions' && status('never') == 'Skipped'",
          config: { seen: "${{ outputs.facts.project }}/${{ outputs.facts.stage }}" },
        },
      ]);
      expect(promotion.status?.["phase"]).toBe("Succeeded");
      expect(metadataOf(promotion).map((s) => s.status)).toEqual(["Succeeded", "Skipped", "Succeeded"]);
      const state = promotion.status?.["state"] as Record<string, any>;
      expect(state["facts"]).toEqual({ stage: "conditions", promotion: promotion.metadata.name, project: PROJECT });
      expect(state["after"]).toEqual({ seen: `${PROJECT}/conditions` });
    });

    it("retries an erroring step up to its errorThreshold, then errors the promotion", async () => {
      const promotion = await promote("retries", [
        { uses: "git-clone", retry: { errorThreshold: 3 }, config: { repoURL: "file:///nonexistent/repo.git", checkout: [{ branch: "main", path: "./src" }] } },
        { uses: "compose-output", as: "cleanup", if: "${{ failure() }}", config: { ran: true } },
        { uses: "compose-output", as: "skipped", config: { ran: true } },
      ]);
      expect(promotion.status?.["phase"]).toBe("Errored");
      const [clone, cleanup, skipped] = metadataOf(promotion);
      expect(clone).toMatchObject({ status: "Errored", errorCount: 3 });
      expect(clone!.message).toMatch(/git clone failed: .*after 3 errors/su);
      expect(cleanup!.status).toBe("Succeeded");
      expect(skipped!.status).toBe("Skipped");
      expect(promotion.status?.["message"]).toMatch(/^step "step-0" errored: git clone failed/u);
    });

    it("goes on past a failing step marked continueOnError", async () => {
      const promotion = await promote("continue", [
        { uses: "delete", continueOnError: true, config: { path: "./missing", strict: true } },
        { uses: "compose-output", as: "next", config: { ok: true } },
      ]);
      expect(promotion.status?.["phase"]).toBe("Succeeded");
      expect(metadataOf(promotion).map((s) => s.status)).toEqual(["Failed", "Succeeded"]);
    });

    it("errors the promotion on an expression error, naming the expression", async () => {
      const promotion = await promote("expressions", [{ uses: "compose-output", config: { tag: "${{ imageFrom('redis').Tag }}" } }]);
      expect(promotion.status?.["phase"]).toBe("Errored");
      expect(promotion.status?.["message"]).toContain('no image "redis" in the Freight being promoted');
      expect(promotion.status?.["message"]).toContain("imageFrom('redis').Tag");
    });

    it("fails a promotion using a step the engine cannot run, naming the step", async () => {
      const promotion = await promote("unsupported", [{ uses: "no-such-step", config: {} }]);
      expect(promotion.status?.["phase"]).toBe("Failed");
      expect(promotion.status?.["message"]).toContain('step "no-such-step" is not supported by the embedded engine');
    });
  });

  describe("abort and ordering", () => {
    // The slow remote's pre-receive hook holds every push until this file exists: made only after
    // these tests, so a push lasts until its abort however slow the machine is.
    let release: string | undefined;
    afterAll(() => {
      if (release) writeFileSync(release, "");
    });

    it("runs one promotion per Stage at a time, oldest first, and aborts a running step", async () => {
      // A remote whose pre-receive hook hangs keeps git-push running until the abort kills it.
      const slow = createTestRepository();
      slow.commit({ "app.yaml": "image: nginx\n" }, "initial");
      const hook = join(slow.bare, "hooks", "pre-receive");
      release = join(slow.bare, "release");
      writeFileSync(hook, `#!/bin/sh\nwhile [ ! -e '${release}' ]; do sleep 0.05; done\n`);
      chmodSync(hook, 0o755);
      const stage = await createStage(fixture.client, PROJECT, "slow", {
        warehouse: "images",
        steps: [
          { uses: "git-clone", config: { repoURL: slow.url, checkout: [{ branch: "main", path: "./repo" }] } },
          { uses: "yaml-update", config: { path: "./repo/app.yaml", updates: [{ key: "image", value: "nginx:${{ imageFrom('nginx').Tag }}" }] } },
          { uses: "git-commit", config: { path: "./repo", message: "update" } },
          { uses: "git-push", config: { path: "./repo" } },
        ],
      });
      const first = await createPromotion(fixture.client, stage, (await freightWithTag("3.0.0")).metadata.name!);
      const second = await createPromotion(fixture.client, stage, (await freightWithTag("3.0.1")).metadata.name!);
      const [slow1, slow2] = [first.metadata.name!, second.metadata.name!];

      await eventually(async () => {
        const running = await fixture.client.get<Promotion>("promotions", PROJECT, first.metadata.name!);
        return running?.status?.["currentStep"] === 3;
      });
      expect((await fixture.client.get<Promotion>("promotions", PROJECT, second.metadata.name!))?.status?.["phase"]).toBe("Pending");
      expect(((await fixture.client.get<Stage>("stages", PROJECT, "slow"))!.status as any).currentPromotion.name).toBe(slow1);

      await fixture.client.patch("promotions", PROJECT, slow1, {
        metadata: { annotations: { "kargo.akuity.io/abort": JSON.stringify({ action: "terminate", actor: "admin" }) } },
      });
      const aborted = await terminalPromotion(fixture.client, PROJECT, slow1);
      expect([aborted.status?.["phase"], aborted.status?.["message"]]).toEqual(["Aborted", "Promotion aborted by admin"]);
      expect((aborted.status?.["stepExecutionMetadata"] as any[])[3].status).toBe("Aborted");
      expect(git(slow.bare, "log", "-1", "--format=%s", "main")).toBe("initial");

      // The second one starts only now; its push hangs too, so abort it as well.
      await eventually(async () => (await fixture.client.get<Promotion>("promotions", PROJECT, slow2))?.status?.["phase"] === "Running");
      const secondStarted = Date.parse(String((await fixture.client.get<Promotion>("promotions", PROJECT, slow2))!.status?.["startedAt"]));
      expect(secondStarted).toBeGreaterThanOrEqual(Date.parse(String(aborted.status?.["finishedAt"])));
      await fixture.client.patch("promotions", PROJECT, slow2, { metadata: { annotations: { "kargo.akuity.io/abort": "terminate" } } });
      expect((await terminalPromotion(fixture.client, PROJECT, slow2)).status?.["phase"]).toBe("Aborted");
    });

    it("aborts a Pending promotion without running it", async () => {
      const stage = (await fixture.client.get<Stage>("stages", PROJECT, "slow"))!;
      const busy = await createPromotion(fixture.client, stage, (await freightWithTag("4.0.0")).metadata.name!);
      const queued = await createPromotion(fixture.client, stage, (await freightWithTag("4.0.1")).metadata.name!);
      await eventually(async () => (await fixture.client.get<Promotion>("promotions", PROJECT, queued.metadata.name!))?.status?.["phase"] === "Pending");
      await fixture.client.patch("promotions", PROJECT, queued.metadata.name!, { metadata: { annotations: { "kargo.akuity.io/abort": "terminate" } } });
      const aborted = await terminalPromotion(fixture.client, PROJECT, queued.metadata.name!);
      expect([aborted.status?.["phase"], aborted.status?.["message"], aborted.status?.["stepExecutionMetadata"]]).toEqual([
        "Aborted",
        "Promotion aborted before it started",
        undefined,
      ]);
      await fixture.client.patch("promotions", PROJECT, busy.metadata.name!, { metadata: { annotations: { "kargo.akuity.io/abort": "terminate" } } });
      expect((await terminalPromotion(fixture.client, PROJECT, busy.metadata.name!)).status?.["phase"]).toBe("Aborted");
    });
  });
});
