import { execFile } from "node:child_process";
import { mkdir, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { parseAllDocuments } from "yaml";
import { resolveWorkPath } from "./resolve-work-path.js";
import { StepConfig } from "./step-config.js";
import { StepFailure, type StepRunner } from "./step-types.js";

/**
 * `kustomize-build`: renders the kustomization at `path` with the kustomize built into kubectl
 * (`kubectl kustomize`; kubectl must be on PATH) and writes the result to `outPath`: one file when
 * it ends in `.yaml`/`.yml`, else a directory with one `<kind>-<name>.yaml` per object, as Kargo does.
 */
export const kustomizeBuild: StepRunner = async (raw, context) => {
  const config = new StepConfig("kustomize-build", raw);
  const path = resolveWorkPath(context.workDir, config.string("path"), "kustomize-build");
  const outPath = resolveWorkPath(context.workDir, config.string("outPath"), "kustomize-build");
  const rendered = await new Promise<string>((resolve, reject) => {
    execFile("kubectl", ["kustomize", path], { signal: context.signal, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      if ((error as NodeJS.ErrnoException | null)?.code === "ENOENT")
        reject(new StepFailure('step "kustomize-build" needs kubectl on PATH (it runs "kubectl kustomize")'));
      else if (error) reject(new StepFailure(`step "kustomize-build": ${String(stderr).trim() || error.message}`));
      else resolve(String(stdout));
    });
  });
  if (/\.ya?ml$/u.test(outPath)) {
    await mkdir(dirname(outPath), { recursive: true });
    await writeFile(outPath, rendered);
    return {};
  }
  await mkdir(outPath, { recursive: true });
  for (const document of parseAllDocuments(rendered)) {
    if (!("contents" in document) || document.contents === null) continue;
    const object = document.toJS() as { kind?: string; metadata?: { name?: string } };
    const name = `${(object.kind ?? "object").toLowerCase()}-${object.metadata?.name ?? "unnamed"}.yaml`;
    await writeFile(join(outPath, name.replace(/[^\w.-]/gu, "_")), document.toString());
  }
  return {};
};
