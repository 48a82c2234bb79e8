import { digestOf, fetchManifest, isIndex, OCI_BLOB_LIMIT, openOciRef, type OciDescriptor, type OciManifestJson, type OciRef } from "./oci-registry.js";
import { StepConfig } from "./step-config.js";
import type { StepRunner } from "./step-types.js";

/** Most bytes of blobs one push copies (config and layers of every image), as Kargo's default limit. */
export const OCI_PUSH_LIMIT = 1024 * 1024 * 1024;
/** Deepest nesting of indexes followed (an index of indexes is legal, deeper is not seen in practice). */
const MAX_INDEX_DEPTH = 2;
/** Most manifests one index may list (real ones list a few platforms and their attestations). */
export const MAX_INDEX_MANIFESTS = 256;

/**
 * `oci-push`: copies the artifact `imageRef` (tag or digest) to `destRef` (with a tag). A single
 * image: every blob the destination lacks is copied, then the manifest is put under the tag with
 * `annotations` added (`manifest:` prefix or none; `index:` ones ignored). An image index
 * (multi-platform): every platform's manifest and blobs are copied first, each put by digest, then
 * the index under the tag — `manifest:`/unprefixed annotations go on every image manifest (the
 * index then names their new digests), `index:` ones on the index. Unchanged manifests keep their
 * bytes, so their digests. Credentials are the project's for each side (see openOciRef); a
 * retag in one repository copies no blob. Outputs `image` (destRef), `digest` (what the tag now
 * names) and `tag`.
 */
export const ociPush: StepRunner = async (raw, context) => {
  const config = new StepConfig("oci-push", raw);
  const insecureSkipTLSVerify = config.boolean("insecureSkipTLSVerify");
  const source = await openOciRef(config, "imageRef", context, { insecureSkipTLSVerify });
  const dest = await openOciRef(config, "destRef", context, { requireTag: true, insecureSkipTLSVerify });
  const annotations = config.raw["annotations"] ?? {};
  if (annotations === null || typeof annotations !== "object" || Array.isArray(annotations) || Object.values(annotations).some((v) => typeof v !== "string"))
    config.fail("config.annotations must be a map of strings");
  const scoped = (scope: "index" | "manifest") =>
    Object.fromEntries(
      Object.entries(annotations as Record<string, string>)
        .filter(([key]) => (scope === "index" ? key.startsWith("index:") : !key.startsWith("index:")))
        .map(([key, value]) => [key.replace(/^(?:index|manifest):/u, ""), value]),
    );
  const copier = { config, source, dest, signal: context.signal, copied: 0, manifestAnnotations: scoped("manifest"), indexAnnotations: scoped("index") };
  const root = await fetchManifest(config, source, source.reference, context.signal);
  const pushed = await copyManifest(copier, root, 0);
  await dest.client.putManifest(dest.tag!, pushed.mediaType, pushed.body, context.signal);
  return { output: { image: config.string("destRef"), digest: digestOf(pushed.body), tag: dest.tag } };
};

interface Copier {
  config: StepConfig;
  source: OciRef;
  dest: OciRef;
  signal: AbortSignal;
  /** Blob bytes copied so far (against OCI_PUSH_LIMIT). */
  copied: number;
  manifestAnnotations: Record<string, string>;
  indexAnnotations: Record<string, string>;
}

/** Copies what a manifest needs to the destination and returns the bytes to put for it (with annotations added). */
async function copyManifest(
  copier: Copier,
  manifest: { mediaType: string; body: Buffer; json: OciManifestJson },
  depth: number,
): Promise<{ mediaType: string; body: Buffer }> {
  if (isIndex(manifest)) {
    if (depth >= MAX_INDEX_DEPTH) copier.config.fail(`${copier.source.display} nests image indexes deeper than ${MAX_INDEX_DEPTH}`);
    if ((manifest.json.manifests ?? []).length > MAX_INDEX_MANIFESTS)
      copier.config.fail(`${copier.source.display} is an image index of more than ${MAX_INDEX_MANIFESTS} manifests`);
    const children: OciDescriptor[] = [];
    for (const child of manifest.json.manifests ?? []) {
      const fetched = await fetchManifest(copier.config, copier.source, child.digest, copier.signal);
      const pushed = await copyManifest(copier, fetched, depth + 1);
      const digest = digestOf(pushed.body);
      await copier.dest.client.putManifest(digest, pushed.mediaType, pushed.body, copier.signal);
      children.push(digest === child.digest ? child : { ...child, digest, size: pushed.body.length });
    }
    const changed = children.some((child, i) => child !== manifest.json.manifests![i]) || Object.keys(copier.indexAnnotations).length > 0;
    if (!changed) return manifest;
    const json = {
      ...manifest.json,
      manifests: children,
      ...(Object.keys(copier.indexAnnotations).length > 0 ? { annotations: { ...manifest.json.annotations, ...copier.indexAnnotations } } : {}),
    };
    return { mediaType: manifest.mediaType, body: Buffer.from(JSON.stringify(json)) };
  }
  for (const descriptor of [manifest.json.config, ...(manifest.json.layers ?? [])].filter((d): d is OciDescriptor => d !== undefined)) {
    if (await copier.dest.client.hasBlob(descriptor.digest, copier.signal)) continue;
    copier.copied += descriptor.size;
    if (copier.copied > OCI_PUSH_LIMIT) copier.config.fail(`${copier.source.display} is larger than ${OCI_PUSH_LIMIT} bytes of blobs`);
    const blob = await copier.source.client.getBlob(descriptor.digest, OCI_BLOB_LIMIT, copier.signal);
    await copier.dest.client.putBlob(descriptor.digest, blob, copier.signal);
  }
  if (Object.keys(copier.manifestAnnotations).length === 0) return manifest;
  const json = { ...manifest.json, annotations: { ...manifest.json.annotations, ...copier.manifestAnnotations } };
  return { mediaType: manifest.mediaType, body: Buffer.from(JSON.stringify(json)) };
}
