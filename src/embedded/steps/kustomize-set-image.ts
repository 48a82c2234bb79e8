import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { isMap, isSeq, parseDocument, YAMLMap, YAMLSeq } from "yaml";
import { pathExists } from "./path-exists.js";
import { resolveWorkPath } from "./resolve-work-path.js";
import { StepConfig } from "./step-config.js";
import type { StepRunner } from "./step-types.js";
import { findImage } from "./find-artifact.js";

const KUSTOMIZATION_FILES = ["kustomization.yaml", "kustomization.yml", "Kustomization"];

/**
 * `kustomize-set-image`: edits the `images:` list of the kustomization in directory `path`, as
 * `kustomize edit set image` would. Each `images[]` entry names an `image` and sets `newName`, and
 * `tag` or `digest`; without either, the tag (or, with `useDigest: true`, the digest) comes from
 * the Freight being promoted. Output `commitMessage`: "Updated <path> to use new image(s)" and
 * one line per image.
 */
export const kustomizeSetImage: StepRunner = async (raw, context) => {
  const config = new StepConfig("kustomize-set-image", raw);
  const relativePath = config.string("path");
  const directory = resolveWorkPath(context.workDir, relativePath, "kustomize-set-image");
  const file = await firstExisting(KUSTOMIZATION_FILES.map((name) => join(directory, name)));
  if (!file) throw config.error(`no kustomization.yaml in "${relativePath}"`);
  const document = parseDocument(await readFile(file, "utf8"));
  if (!isMap(document.contents)) throw config.error(`${relativePath}/kustomization.yaml is not a YAML map`);
  let images = document.get("images");
  if (!isSeq(images)) {
    images = new YAMLSeq();
    document.set("images", images);
  }
  const list = images as YAMLSeq;
  const lines: string[] = [];
  for (const entry of config.list("images", true)) {
    const image = entry.string("image");
    let tag = entry.optionalString("tag");
    let digest = entry.optionalString("digest");
    if (tag === undefined && digest === undefined) {
      const found = findImage(context.freight, image);
      if (!found) throw entry.error(`no tag or digest given and the Freight being promoted has no image ${image}`);
      if (entry.boolean("useDigest")) digest = found.digest;
      else tag = found.tag;
    }
    let item = list.items.find((node) => isMap(node) && node.get("name") === image) as YAMLMap | undefined;
    if (!item) {
      item = new YAMLMap();
      item.set("name", image);
      list.items.push(item);
    }
    const newName = entry.optionalString("newName");
    if (newName !== undefined) item.set("newName", newName);
    if (digest !== undefined) {
      item.set("digest", digest);
      item.delete("newTag");
    } else if (tag !== undefined) {
      item.set("newTag", tag);
      item.delete("digest");
    }
    lines.push(`- ${newName ?? image}${digest !== undefined ? `@${digest}` : `:${tag ?? ""}`}`);
  }
  await writeFile(file, document.toString());
  const noun = lines.length === 1 ? "image" : "images";
  return { output: { commitMessage: `Updated ${relativePath} to use new ${noun}\n\n${lines.join("\n")}` } };
};

async function firstExisting(paths: string[]): Promise<string | undefined> {
  for (const path of paths) {
    if (await pathExists(path)) return path;
  }
  return undefined;
}
