import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";

const GIT_ENV = {
  ...process.env,
  GIT_CONFIG_NOSYSTEM: "1",
  GIT_CONFIG_GLOBAL: "/dev/null",
  GIT_AUTHOR_NAME: "Test Author",
  GIT_AUTHOR_EMAIL: "author@example.com",
  GIT_COMMITTER_NAME: "Test Author",
  GIT_COMMITTER_EMAIL: "author@example.com",
};

/** Runs git synchronously and returns its trimmed output (tests assert on real repositories). */
export function git(cwd: string, ...args: string[]): string {
  return execFileSync("git", args, { cwd, env: GIT_ENV, encoding: "utf8" }).trim();
}

/** A bare repository in a temp dir with a working clone to commit from. */
export interface TestRepository {
  /** file:// URL of the bare repository. */
  url: string;
  bare: string;
  /** Writes files (path → content) on `branch` (default main), commits and pushes; returns the commit ID. */
  commit(files: Record<string, string>, message: string, branch?: string): string;
  /** Tags a commit and pushes the tag. */
  tag(name: string, commit: string): void;
  /** `git show <branch>:<path>` in the bare repository. */
  show(branch: string, path: string): string;
}

/** Creates a bare repository (branch main) under `root` (default a new temp dir). */
export function createTestRepository(root = mkdtempSync(join(tmpdir(), "kargo-git-"))): TestRepository {
  const bare = join(root, "repo.git");
  const work = join(root, "work");
  git(root, "init", "--quiet", "--bare", "--initial-branch=main", bare);
  git(root, "init", "--quiet", "--initial-branch=main", work);
  git(work, "remote", "add", "origin", bare);
  return {
    url: `file://${bare}`,
    bare,
    commit(files, message, branch = "main") {
      const current = git(work, "symbolic-ref", "--short", "HEAD");
      if (current !== branch) git(work, "checkout", "--quiet", "-B", branch);
      for (const [path, content] of Object.entries(files)) {
        mkdirSync(dirname(join(work, path)), { recursive: true });
        writeFileSync(join(work, path), content);
      }
      git(work, "add", "--all");
      git(work, "commit", "--quiet", "-m", message);
      git(work, "push", "--quiet", "origin", `HEAD:refs/heads/${branch}`);
      return git(work, "rev-parse", "HEAD");
    },
    tag(name, commit) {
      git(work, "tag", name, commit);
      git(work, "push", "--quiet", "origin", `refs/tags/${name}`);
    },
    show(branch, path) {
      return git(bare, "show", `${branch}:${path}`);
    },
  };
}

/** A kustomize layout: base with an nginx Deployment and kustomization, and one overlay per stage. */
export function kustomizeLayout(stages: readonly string[]): Record<string, string> {
  const files: Record<string, string> = {
    "base/kustomization.yaml": "resources:\n  - deployment.yaml\nimages:\n  - name: nginx\n    newTag: 1.0.0\n",
    "base/deployment.yaml": [
      "apiVersion: apps/v1",
      "kind: Deployment",
      "metadata:",
      "  name: demo",
      "spec:",
      "  selector:",
      "    matchLabels:",
      "      app: demo",
      "  template:",
      "    metadata:",
      "      labels:",
      "        app: demo",
      "    spec:",
      "      containers:",
      "        - name: demo",
      "          image: nginx",
      "",
    ].join("\n"),
  };
  for (const stage of stages) files[`stages/${stage}/kustomization.yaml`] = `resources:\n  - ../../base\nnamePrefix: ${stage}-\n`;
  return files;
}
