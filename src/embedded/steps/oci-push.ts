import { digestOf, getBlob, getManifest, parseOciRef, type OciDescriptor, type OciRef } from "./oci-registry.js";
import { StepConfig } from "./step-config.js";
import type { StepRunner } from "./step-types.js";

/**
 * `oci-push`: copies the artifact `imageRef` (tag or digest; a single image manifest, not an
 * index) to `destRef` (with a tag): every blob the destination lacks is copied, then the manifest is
 * put under the tag — with `annotations` added to it (`manifest:` prefix or none; `index:` ones
 * are ignored for a single image). Output `image` (destRef) and `digest` (the pushed manifest's).
 */
export const ociPush: StepRunner = async (raw, context) => {
  const config = new StepConfig("oci-push", raw);
  const source = parseOciRef(config, "imageRef");
  const dest = parseOciRef(config, "destRef", true);
  const annotations = config.raw["annotations"] ?? {};
  if (annotations === null || typeof annotations !== "object" || Array.isArray(annotations) || Object.values(annotations).some((v) => typeof v !== "string")) config.fail("config.annotations must be a map of strings");
  const manifest = await getManifest(config, source, context.signal);
  for (const descriptor of [manifest.json.config, ...(manifest.json.layers ?? [])].filter((d): d is OciDescriptor => d !== undefined)) {
    if (await hasBlob(dest, descriptor.digest, context.signal)) continue;
    await putBlob(dest, descriptor.digest, await getBlob(source, descriptor, context.signal), context.signal);
  }
  let body = manifest.body;
  const extra = Object.fromEntries(
    Object.entries(annotations as Record<string, string>)
      .filter(([key]) => !key.startsWith("index:"))
      .map(([key, value]) => [key.replace(/^manifest:/, ""), value]),
  );
  if (Object.keys(extra).length > 0) body = JSON.stringify({ ...manifest.json, annotations: { ...manifest.json.annotations, ...extra } });
  const response = await fetch(`${dest.base}/v2/${dest.repository}/manifests/${dest.reference}`, {
    method: "PUT",
    headers: { "content-type": manifest.mediaType },
    body,
    signal: context.signal,
  });
  await response.body?.cancel().catch(() => {});
  if (!response.ok) throw new Error(`registry ${dest.registry} refused the manifest: HTTP ${response.status}`);
  return { output: { image: config.string("destRef"), digest: digestOf(body) } };
};

async function hasBlob(ref: OciRef, digest: string, signal: AbortSignal): Promise<boolean> {
  const response = await fetch(`${ref.base}/v2/${ref.repository}/blobs/${digest}`, { method: "HEAD", signal });
  return response.ok;
}

/** A monolithic upload: POST for an upload location, then PUT the bytes with their digest. */
async function putBlob(ref: OciRef, digest: string, blob: Buffer, signal: AbortSignal): Promise<void> {
  const started = await fetch(`${ref.base}/v2/${ref.repository}/blobs/uploads/`, { method: "POST", signal });
  await started.body?.cancel().catch(() => {});
  const location = started.headers.get("location");
  if (started.status !== 202 || !location) throw new Error(`registry ${ref.registry} did not start an upload: HTTP ${started.status}`);
  const url = new URL(location, ref.base);
  if (url.origin !== new URL(ref.base).origin) throw new Error(`registry ${ref.registry} sent the upload elsewhere (${url.origin})`);
  url.searchParams.set("digest", digest);
  const put = await fetch(url, { method: "PUT", headers: { "content-type": "application/octet-stream" }, body: blob, signal });
  await put.body?.cancel().catch(() => {});
  if (put.status !== 201) throw new Error(`registry ${ref.registry} refused blob ${digest}: HTTP ${put.status}`);
}
