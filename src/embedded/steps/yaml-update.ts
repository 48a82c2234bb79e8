import { readFile, writeFile } from "node:fs/promises";
import { parseDocument, isMap, isSeq } from "yaml";
import { resolveWorkPath } from "./resolve-work-path.js";
import { splitKey } from "./split-key.js";
import { StepConfig } from "./step-config.js";
import type { StepRunner } from "./step-types.js";

/**
 * `yaml-update`: sets values in a YAML file, keeping its comments and layout. Each `updates[]`
 * entry has a `key` — a dot path such as `image.tag` or `spec.containers.0.image` (a `\.` is a
 * literal dot) — and a `value`. Missing maps on the way are created; an index past a list's end
 * is an error. Output `commitMessage` lists the changes.
 */
export const yamlUpdate: StepRunner = async (raw, context) => {
  const config = new StepConfig("yaml-update", raw);
  const relativePath = config.string("path");
  const path = resolveWorkPath(context.workDir, relativePath, "yaml-update");
  const updates = config.list("updates", true);
  const text = await readFile(path, "utf8").catch((error: NodeJS.ErrnoException) =>
    error.code === "ENOENT" ? config.fail(`file "${relativePath}" does not exist`) : Promise.reject(error),
  );
  const document = parseDocument(text);
  if (document.errors.length > 0) throw config.error(`file "${relativePath}" is not valid YAML: ${document.errors[0]!.message}`);
  const lines: string[] = [];
  for (const update of updates) {
    const key = update.string("key");
    const segments = splitKey(key).map((part) => (/^\d+$/u.test(part) ? Number(part) : part));
    const value = update.raw.value ?? null;
    checkPath(document, segments, (message) => update.fail(`key "${key}": ${message}`));
    document.setIn(segments, value);
    lines.push(`- ${key}: ${JSON.stringify(value)}`);
  }
  await writeFile(path, document.toString());
  return { output: { commitMessage: `Updated ${relativePath}\n\n${lines.join("\n")}` } };
};

/** Refuses list indexes past the end and paths through scalars, which setIn would mangle. */
function checkPath(document: ReturnType<typeof parseDocument>, segments: (string | number)[], fail: (message: string) => never): void {
  let node: unknown = document.contents;
  for (const segment of segments.slice(0, -1).concat(segments.slice(-1))) {
    if (node === null || node === undefined) return;
    if (isSeq(node)) {
      if (typeof segment !== "number" || segment > node.items.length) fail(`index ${String(segment)} is not valid for a list of ${node.items.length}`);
      node = node.items[segment as number];
    } else if (isMap(node)) {
      node = node.get(segment, true);
    } else {
      fail(`cannot set a field inside a scalar value`);
    }
  }
}
