import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { parseAllDocuments } from "yaml";

/** The repository's deploy/ directory. */
export const DEPLOY_DIR = fileURLToPath(new URL("../../../deploy/", import.meta.url));

/** A rendered Kubernetes object (only what the tests read is typed). */
export interface RenderedObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  [field: string]: unknown;
}

/**
 * Renders a kustomization under deploy/ ("base", "overlays/embedded" …) with `kubectl kustomize`,
 * the command the docs give operators, and parses the objects (the yaml package: a maintained
 * YAML 1.2 parser, as everywhere else in the project).
 */
export function renderKustomization(dir: string): RenderedObject[] {
  const out = execFileSync("kubectl", ["kustomize", `${DEPLOY_DIR}${dir}`], { encoding: "utf8", maxBuffer: 16 * 1024 * 1024 });
  return parseAllDocuments(out)
    .map((d) => d.toJS() as RenderedObject | null)
    .filter((o): o is RenderedObject => o !== null);
}

/** The one object of `kind` (and `name`, when given); throws naming what is missing. */
export function theObject(objects: readonly RenderedObject[], kind: string, name?: string): RenderedObject {
  const found = objects.filter((o) => o.kind === kind && (name === undefined || o.metadata.name === name));
  if (found.length !== 1) throw new Error(`expected one ${kind}${name ? ` ${name}` : ""}, found ${found.length}`);
  return found[0]!;
}
