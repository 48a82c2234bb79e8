import { mkdir, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import { fetchManifest, isIndex, OCI_BLOB_LIMIT, openOciRef, selectPlatform } from "./oci-registry.js";
import { resolveWorkPath } from "./resolve-work-path.js";
import { refuseOverwrite } from "./refuse-overwrite.js";
import { StepConfig } from "./step-config.js";
import type { StepRunner } from "./step-types.js";

/**
 * `oci-download`: pulls one layer of an OCI artifact (`imageRef`, by tag or digest) into
 * `outPath` — the first layer of `mediaType`, or the first layer — checking its digest; an
 * existing file is replaced only with `allowOverwrite`. An image index (multi-platform) gives the
 * image of `platform` (`os/architecture[/variant]`; linux/amd64 when not set, as
 * go-containerregistry picks for Kargo). Registry access and credentials as oci-push
 * (openOciRef); `insecureSkipTLSVerify`.
 */
export const ociDownload: StepRunner = async (raw, context) => {
  const config = new StepConfig("oci-download", raw);
  const ref = await openOciRef(config, "imageRef", context, { insecureSkipTLSVerify: config.boolean("insecureSkipTLSVerify") });
  const outPath = config.string("outPath");
  const target = resolveWorkPath(context.workDir, outPath, "oci-download");
  const mediaType = config.optionalString("mediaType");
  const platform = config.optionalString("platform");
  await refuseOverwrite(config, "allowOverwrite", target, outPath);
  let manifest = await fetchManifest(config, ref, ref.reference, context.signal);
  const what = `${ref.display}${ref.tag ? `:${ref.tag}` : `@${ref.reference}`}`;
  if (isIndex(manifest)) manifest = await fetchManifest(config, ref, selectPlatform(config, manifest, platform, what).digest, context.signal);
  if (isIndex(manifest)) config.fail(`${what} nests image indexes; name one image by digest`);
  const layer = (manifest.json.layers ?? []).find((l) => !mediaType || l.mediaType === mediaType);
  if (layer === undefined) config.fail(`${what} has no layer${mediaType ? ` of media type ${mediaType}` : ""}`);
  const blob = await ref.client.getBlob(layer!.digest, OCI_BLOB_LIMIT, context.signal);
  await mkdir(dirname(target), { recursive: true });
  await writeFile(target, blob);
  return {};
};
