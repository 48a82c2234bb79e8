import { access, mkdir, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import { getBlob, getManifest, parseOciRef } from "./oci-registry.js";
import { resolveWorkPath } from "./resolve-work-path.js";
import { StepConfig } from "./step-config.js";
import type { StepRunner } from "./step-types.js";

/**
 * `oci-download`: pulls one layer of an OCI artifact (`imageRef`, by tag or digest) into
 * `outPath` — the first layer of `mediaType`, or the first layer — checking its digest; an
 * existing file is replaced only with `allowOverwrite`. Speaks the OCI Distribution API
 * anonymously (plain HTTP only to registries on this machine).
 */
export const ociDownload: StepRunner = async (raw, context) => {
  const config = new StepConfig("oci-download", raw);
  const ref = parseOciRef(config, "imageRef");
  const outPath = config.string("outPath");
  const target = resolveWorkPath(context.workDir, outPath, "oci-download");
  const mediaType = config.optionalString("mediaType");
  if (!config.boolean("allowOverwrite") && (await access(target).then(() => true, () => false))) config.fail(`file "${outPath}" exists (set allowOverwrite: true to replace it)`);
  const manifest = await getManifest(config, ref, context.signal);
  const layer = (manifest.json.layers ?? []).find((l) => !mediaType || l.mediaType === mediaType);
  if (layer === undefined) config.fail(`${ref.registry}/${ref.repository}:${ref.reference} has no layer${mediaType ? ` of media type ${mediaType}` : ""}`);
  const blob = await getBlob(ref, layer!, context.signal);
  await mkdir(dirname(target), { recursive: true });
  await writeFile(target, blob);
  return {};
};
