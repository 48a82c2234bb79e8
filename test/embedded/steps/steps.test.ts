import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gitClone } from "../../../src/embedded/steps/git-clone.js";
import { gitCommit } from "../../../src/embedded/steps/git-commit.js";
import { gitPush } from "../../../src/embedded/steps/git-push.js";
import { kustomizeBuild } from "../../../src/embedded/steps/kustomize-build.js";
import { kustomizeSetImage } from "../../../src/embedded/steps/kustomize-set-image.js";
import { yamlUpdate } from "../../../src/embedded/steps/yaml-update.js";
import { isStepFailure, type StepContext } from "../../../src/embedded/steps/step-types.js";
import { createTestRepository, git, type TestRepository } from "../controllers/support/git-repository.js";
import { stepContext } from "./support/step-context.js";

function contextIn(workDir: string): StepContext {
  return stepContext(workDir, {
    freight: { metadata: { name: "f" }, origin: { kind: "Warehouse", name: "w" }, images: [{ repoURL: "nginx", tag: "1.29.1", digest: "sha256:aa" }] },
  });
}

describe("promotion steps", () => {
  let repo: TestRepository;
  beforeAll(() => {
    repo = createTestRepository();
    repo.commit({ "values.yaml": "# settings\nimage:\n  tag: 1.0.0 # the tag\nlist:\n  - a\n", "base/kustomization.yaml": "resources: []\n" }, "initial");
  });

  describe("git-push", () => {
    it("rebases onto a branch that moved since the clone and pushes", async () => {
      const work = mkdtempSync(join(tmpdir(), "kargo-step-"));
      const context = contextIn(work);
      await gitClone({ repoURL: repo.url, checkout: [{ branch: "main", path: "./repo" }] }, context);
      writeFileSync(join(work, "repo", "ours.txt"), "ours\n");
      await gitCommit({ path: "./repo", message: "ours", author: { name: "Promoter", email: "p@example.com" } }, context);
      repo.commit({ "theirs.txt": "theirs\n" }, "theirs");
      const result = await gitPush({ path: "./repo" }, context);
      expect(git(repo.bare, "log", "--format=%s|%an", "-2", "main")).toBe("ours|Promoter\ntheirs|Test Author");
      expect(result.output).toEqual({ branch: "main", commit: git(repo.bare, "rev-parse", "main") });
    });

    it("pushes to a generated branch named after the promotion", async () => {
      const work = mkdtempSync(join(tmpdir(), "kargo-step-"));
      const context = contextIn(work);
      await gitClone({ repoURL: repo.url, checkout: [{ branch: "main", path: "./repo" }] }, context);
      const result = await gitPush({ path: "./repo", generateTargetBranch: true }, context);
      expect(result.output?.["branch"]).toBe("kargo/promotion/test.01abc.1234567");
      expect(git(repo.bare, "rev-parse", "kargo/promotion/test.01abc.1234567")).toBe(git(repo.bare, "rev-parse", "main"));
    });
  });

  describe("yaml-update", () => {
    it("sets nested keys and keeps comments", async () => {
      const work = mkdtempSync(join(tmpdir(), "kargo-step-"));
      const context = contextIn(work);
      await gitClone({ repoURL: repo.url, checkout: [{ branch: "main", path: "./repo" }] }, context);
      await yamlUpdate(
        {
          path: "./repo/values.yaml",
          updates: [
            { key: "image.tag", value: "1.29.1" },
            { key: "list.0", value: "b" },
            { key: "new.key", value: 3 },
          ],
        },
        context,
      );
      const text = readFileSync(join(work, "repo", "values.yaml"), "utf8");
      expect(text).toContain("# settings");
      expect(text).toMatch(/tag: 1\.29\.1 # the tag/u);
      expect(text).toContain("- b");
      expect(text).toMatch(/new:\n\s+key: 3/u);
    });

    it("fails naming the file when it does not exist, and refuses paths outside the work directory", async () => {
      const context = contextIn(mkdtempSync(join(tmpdir(), "kargo-step-")));
      await expect(yamlUpdate({ path: "./missing.yaml", updates: [{ key: "a", value: 1 }] }, context)).rejects.toThrow(
        'step "yaml-update": file "./missing.yaml" does not exist',
      );
      const escapeAttempt = await yamlUpdate({ path: "../../etc/passwd", updates: [{ key: "a", value: 1 }] }, context).catch((e: unknown) => e);
      expect(isStepFailure(escapeAttempt)).toBe(true);
      expect((escapeAttempt as Error).message).toContain("leaves the promotion's work directory");
    });
  });

  describe("kustomize-set-image", () => {
    it("adds the image with the Freight's tag, or a digest when asked", async () => {
      const work = mkdtempSync(join(tmpdir(), "kargo-step-"));
      const context = contextIn(work);
      await gitClone({ repoURL: repo.url, checkout: [{ branch: "main", path: "./repo" }] }, context);
      const result = await kustomizeSetImage(
        { path: "./repo/base", images: [{ image: "nginx" }, { image: "redis", tag: "7", newName: "mirror/redis" }] },
        context,
      );
      const text = readFileSync(join(work, "repo", "base", "kustomization.yaml"), "utf8");
      expect(text).toMatch(/- name: nginx\n\s+newTag: 1\.29\.1/u);
      expect(text).toMatch(/- name: redis\n\s+newName: mirror\/redis\n\s+newTag: "?7"?/u);
      expect(result.output?.["commitMessage"]).toBe("Updated ./repo/base to use new images\n\n- nginx:1.29.1\n- mirror/redis:7");
      await kustomizeSetImage({ path: "./repo/base", images: [{ image: "nginx", useDigest: true }] }, context);
      expect(readFileSync(join(work, "repo", "base", "kustomization.yaml"), "utf8")).toMatch(/- name: nginx\n\s+digest: sha256:aa\n/u);
    });
  });

  describe("kustomize-build", () => {
    it("renders an overlay into one file per object (with kubectl kustomize)", async () => {
      const work = mkdtempSync(join(tmpdir(), "kargo-step-"));
      mkdirSync(join(work, "src", "base"), { recursive: true });
      writeFileSync(join(work, "src", "base", "kustomization.yaml"), "resources:\n  - cm.yaml\nnamePrefix: test-\n");
      writeFileSync(join(work, "src", "base", "cm.yaml"), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  a: "1"\n');
      await kustomizeBuild({ path: "./src/base", outPath: "./out" }, contextIn(work));
      expect(readdirSync(join(work, "out"))).toEqual(["configmap-test-settings.yaml"]);
      expect(readFileSync(join(work, "out", "configmap-test-settings.yaml"), "utf8")).toContain("name: test-settings");
      await kustomizeBuild({ path: "./src/base", outPath: "./all.yaml" }, contextIn(work));
      expect(readFileSync(join(work, "all.yaml"), "utf8")).toContain("kind: ConfigMap");
    });
  });
});
