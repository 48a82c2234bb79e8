import { rmSync } from "node:fs";
import { dirname } from "node:path";
import { Code, ConnectError } from "@connectrpc/connect";
import { PromotionService } from "../../../gen/kargo/api/v1/promotion_service_pb.js";
import type { Freight, Stage } from "../../../src/domain/types.js";
import { createKargoClient, type KargoClient } from "../../../src/kube/object-clients.js";
import { previewPromotion } from "../../../src/services/promotion/preview-promotion.js";
import { createFreight, createStage, terminalPromotion } from "../../embedded/controllers/support/kargo-objects.js";
import { createTestRepository, git, kustomizeLayout, type TestRepository } from "../../embedded/controllers/support/git-repository.js";
import { useKargoStack } from "../../support/use-kargo-stack.js";
import { codeOf, fixtures } from "../common/fixtures.js";
import { useCli } from "../../cli/support/cli-process.js";

const PROJECT = "preview";
const stack = useKargoStack();
const cli = useCli();
let repo: TestRepository;
let client: KargoClient;
let freight: Freight;

/** The quickstart's path: clone main and the stage branch, render the image into it, commit, push. */
const STEPS = (url: string) => [
  {
    uses: "git-clone",
    config: {
      repoURL: url,
      checkout: [
        { branch: "main", path: "./src" },
        { branch: "stage/${{ ctx.stage }}", create: true, path: "./out" },
      ],
    },
  },
  { uses: "copy", config: { inPath: "./src/base", outPath: "./out/base" } },
  { uses: "kustomize-set-image", as: "update", config: { path: "./out/base", images: [{ image: "nginx", tag: "${{ imageFrom(vars.imageRepo).Tag }}" }] } },
  { uses: "git-commit", as: "commit", config: { path: "./out", message: "${{ outputs.update.commitMessage }}" } },
  { uses: "git-push", as: "push", config: { path: "./out" } },
];

/** Previews once the service's caches hold the Stage and Freight (a NOT_FOUND before then is the cache lagging). */
async function previewOnceCached(stage: string, freightName: string) {
  const promotions = stack().client(PromotionService);
  for (;;) {
    try {
      return await promotions.previewPromotion({ project: PROJECT, stage, freight: freightName });
    } catch (error) {
      if (ConnectError.from(error).code !== Code.NotFound) throw error;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
}

const refsOf = (bare: string) => git(bare, "for-each-ref", "--format=%(refname) %(objectname)");

beforeAll(async () => {
  await fixtures(stack()).project(PROJECT);
  client = createKargoClient(stack().kubeConfig);
  repo = createTestRepository();
  repo.commit(kustomizeLayout(["test"]), "initial layout");
  const stage = await createStage(client, PROJECT, "test", { warehouse: "images", steps: STEPS(repo.url), vars: [{ name: "imageRepo", value: "nginx" }] });
  freight = await createFreight(client, PROJECT, "images", { images: [{ repoURL: "nginx", tag: "1.29.1", digest: "sha256:1291" }] });
  expect(stage.metadata.name).toBe("test");
});

afterAll(() => {
  if (repo) rmSync(dirname(repo.bare), { recursive: true, force: true });
});

describe("PromotionService.PreviewPromotion", () => {
  it("returns the diff the promotion then commits, pushing nothing, and the promotion's commit shows the same diff", async () => {
    const promotions = stack().client(PromotionService);
    const refsBefore = refsOf(repo.bare);
    const preview = await previewOnceCached("test", freight.metadata.name!);

    expect(preview.phase).toBe("Succeeded");
    expect(preview.freight).toBe(freight.metadata.name);
    expect(preview.steps.map((step) => [step.alias, step.status])).toEqual([
      ["step-0", "Succeeded"],
      ["step-1", "Succeeded"],
      ["update", "Succeeded"],
      ["commit", "Succeeded"],
      ["push", "Skipped"],
    ]);
    expect(preview.steps[4]!.externalEffect).toBe("pushes commits to the remote repository");
    expect(preview.message).toBe("All steps completed (1 with external effects not run)");
    // Outputs flow as in a promotion: git-commit used kustomize-set-image's commit message.
    expect(preview.steps[2]!.output?.["commitMessage"]).toMatch(/^Updated .\/out\/base to use new image\n/u);
    expect(typeof preview.steps[3]!.output?.["commit"]).toBe("string");

    const byPath = new Map(preview.repositories.map((repository) => [repository.path, repository]));
    expect([...byPath.keys()].sort()).toEqual(["out", "src"]);
    expect(byPath.get("src")!.diff).toBe("");
    const out = byPath.get("out")!;
    expect(out).toMatchObject({ repoUrl: repo.url, branch: "stage/test", baseCommit: "", truncated: false });
    expect(out.diff).toContain("+++ b/base/kustomization.yaml");
    expect(out.diff).toMatch(/\+\s+newTag: 1\.29\.1/u);
    // Nothing reached the remote: no stage branch, every ref where it was.
    expect(refsOf(repo.bare)).toBe(refsBefore);

    const promoted = (await promotions.promoteToStage({ project: PROJECT, stage: "test", freight: freight.metadata.name! })).promotion!;
    const finished = await terminalPromotion(client, PROJECT, promoted.metadata!.name!);
    expect(finished.status?.["phase"]).toBe("Succeeded");
    expect(`${git(repo.bare, "show", "--format=", "--no-color", "stage/test")}\n`).toBe(out.diff);
  });

  it("previews the next Freight on top of what the Stage branch holds now", async () => {
    const next = await createFreight(client, PROJECT, "images", { images: [{ repoURL: "nginx", tag: "1.29.2", digest: "sha256:1292" }] });
    const head = git(repo.bare, "rev-parse", "stage/test");
    const preview = await previewOnceCached("test", next.metadata.name!);
    const out = preview.repositories.find((repository) => repository.path === "out")!;
    expect(out.baseCommit).toBe(head);
    expect(out.diff).toMatch(/-\s+newTag: 1\.29\.1\n\+\s+newTag: 1\.29\.2/u);
    expect(git(repo.bare, "rev-parse", "stage/test")).toBe(head);

    // kargo-api promote --dry-run prints the same diff, and promotes nothing either.
    const env = { KARGO_API_TOKEN: stack().adminToken, KARGO_API_SERVER: stack().baseUrl, KARGO_API_PROJECT: PROJECT };
    const printed = await cli().exec(["promote", "--stage", "test", "--freight", next.metadata.name!, "--dry-run"], { env });
    expect(printed.code).toBe(0);
    expect(printed.stdout).toBe(`# ${repo.url} (out, branch stage/test)\n${out.diff}`);
    expect(printed.stderr).toBe(
      `step push (git-push) not run: it pushes commits to the remote repository\npreview of freight ${next.metadata.name} into stage test: Succeeded: All steps completed (1 with external effects not run)\n`,
    );
    expect(git(repo.bare, "rev-parse", "stage/test")).toBe(head);
    const combined = await cli().exec(["promote", "--stage", "test", "--freight", next.metadata.name!, "--dry-run", "--downstream"], { env });
    expect(combined.code).toBe(2);
  });

  it("reports a failing step as the promotion would, and nothing after it runs", async () => {
    const stage: Stage = await createStage(client, PROJECT, "broken", {
      warehouse: "images",
      steps: [
        { uses: "git-clone", config: { repoURL: `${repo.url}-missing`, checkout: [{ branch: "main", path: "./src" }] } },
        { uses: "git-push", config: { path: "./src" } },
      ],
    });
    const preview = await previewOnceCached(stage.metadata.name!, freight.metadata.name!);
    expect(preview.phase).toBe("Errored");
    expect(preview.message).toMatch(/^step "step-0" errored: git clone failed/u);
    expect(preview.steps.map((step) => step.status)).toEqual(["Errored", "Skipped"]);
    expect(preview.steps[1]!.externalEffect).toBe("");
    const env = { KARGO_API_TOKEN: stack().adminToken, KARGO_API_SERVER: stack().baseUrl, KARGO_API_PROJECT: PROJECT };
    const printed = await cli().exec(["promote", "--stage", "broken", "--freight", freight.metadata.name!, "--dry-run"], { env });
    expect(printed).toMatchObject({ code: 1, stdout: "# no changes would be committed\n" });
    expect(printed.stderr).toMatch(/\nerror: failed_precondition: the promotion would fail: step "step-0" errored: git clone failed/u);
  });

  it("is INVALID_ARGUMENT without a Freight and NOT_FOUND for a missing Stage", async () => {
    const promotions = stack().client(PromotionService);
    expect(await codeOf(promotions.previewPromotion({ project: PROJECT, stage: "test" }))).toBe(Code.InvalidArgument);
    expect(await codeOf(promotions.previewPromotion({ project: PROJECT, stage: "nowhere", freight: freight.metadata.name! }))).toBe(Code.NotFound);
  });

  it("is UNIMPLEMENTED in Kubernetes mode, saying why", async () => {
    // Kubernetes mode has no embedded control plane, so the services get no previewer; that is
    // checked before anything is read, so the handler needs no caches here.
    const handler = previewPromotion({ caches: undefined as never, kube: undefined as never });
    const error = await (handler({ project: PROJECT, stage: "test", freight: "x" } as never, {} as never) as Promise<unknown>).catch((e: unknown) => e);
    expect((error as { code: Code }).code).toBe(Code.Unimplemented);
    expect((error as Error).message).toContain("only embedded mode");
  });
});
