import { mkdtemp, mkdir, rename, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { DEFAULT_GIT_IDENTITY, gitIdentityEnv, runGit } from "../git/run-git.js";

/** The demo's GitOps repository layout: a kustomize base and one overlay per Stage. */
export const DEMO_FILES: Readonly<Record<string, string>> = Object.freeze({
  "README.md":
    "# kargo-demo GitOps repository\n\nPromotions render `stages/<stage>` onto the branch `stage/<stage>`.\nPush to `main` and the Warehouse turns the new commit into Freight.\n",
  "base/kustomization.yaml": "resources:\n  - deployment.yaml\n  - service.yaml\nimages:\n  - name: nginx\n    newTag: 1.27.0\n",
  "base/deployment.yaml": [
    "apiVersion: apps/v1",
    "kind: Deployment",
    "metadata:",
    "  name: kargo-demo",
    "spec:",
    "  replicas: 1",
    "  selector:",
    "    matchLabels:",
    "      app: kargo-demo",
    "  template:",
    "    metadata:",
    "      labels:",
    "        app: kargo-demo",
    "    spec:",
    "      containers:",
    "        - name: nginx",
    "          image: nginx",
    "          ports:",
    "            - containerPort: 80",
    "",
  ].join("\n"),
  "base/service.yaml": "apiVersion: v1\nkind: Service\nmetadata:\n  name: kargo-demo\nspec:\n  selector:\n    app: kargo-demo\n  ports:\n    - port: 80\n",
  ...Object.fromEntries(
    ["test", "uat", "prod"].map((stage) => [
      `stages/${stage}/kustomization.yaml`,
      `resources:\n  - ../../base\nnamespace: kargo-demo-${stage}\nnamePrefix: ${stage}-\n`,
    ]),
  ),
});

/**
 * Creates the demo's bare Git repository at `path` (branch main, one commit with DEMO_FILES)
 * unless it exists; returns its file:// URL. Existing repositories are left as they are, so
 * commits a user pushed survive restarts.
 */
export async function ensureDemoRepository(path: string): Promise<string> {
  const url = `file://${path}`;
  if (await stat(join(path, "HEAD")).catch(() => undefined)) return url;
  await mkdir(dirname(path), { recursive: true });
  const work = await mkdtemp(join(tmpdir(), "kargo-demo-seed-"));
  try {
    const env = gitIdentityEnv(DEFAULT_GIT_IDENTITY.name, DEFAULT_GIT_IDENTITY.email);
    await runGit(["init", "--quiet", "--initial-branch=main", work], { env });
    for (const [file, content] of Object.entries(DEMO_FILES)) {
      await mkdir(dirname(join(work, file)), { recursive: true });
      await writeFile(join(work, file), content);
    }
    await runGit(["add", "--all"], { cwd: work, env });
    await runGit(["commit", "--quiet", "-m", "kargo-demo: initial layout"], { cwd: work, env });
    // Written under a temporary name and renamed, so a crash never leaves half a repository.
    const temporary = `${path}.tmp-${process.pid}`;
    await rm(temporary, { recursive: true, force: true });
    await runGit(["clone", "--quiet", "--bare", work, temporary], { env });
    await runGit(["remote", "remove", "origin"], { cwd: temporary, env });
    await rename(temporary, path);
  } finally {
    await rm(work, { recursive: true, force: true });
  }
  return url;
}
