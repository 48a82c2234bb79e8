import { createHash } from "node:crypto";
import { readResponseBody } from "../http/read-response-body.js";
import type { StepConfig } from "./step-config.js";

/** Largest manifest read; largest blob held in memory while copying. */
export const OCI_MANIFEST_LIMIT = 4 * 1024 * 1024;
export const OCI_BLOB_LIMIT = 512 * 1024 * 1024;
const MANIFEST_TYPES = [
  "application/vnd.oci.image.manifest.v1+json",
  "application/vnd.docker.distribution.manifest.v2+json",
  "application/vnd.oci.image.index.v1+json",
  "application/vnd.docker.distribution.manifest.list.v2+json",
];

/** An OCI reference: `[oci://]host[:port]/repository(:tag|@digest)`. */
export interface OciRef {
  /** `http://host:port` for loopback registries, `https://host` otherwise. */
  base: string;
  registry: string;
  repository: string;
  reference: string;
}

/** A parsed image manifest (not an index). */
export interface OciManifest {
  mediaType: string;
  body: string;
  json: { mediaType?: string; config?: OciDescriptor; layers?: OciDescriptor[]; manifests?: unknown[]; annotations?: Record<string, string> };
}

/** A content descriptor. */
export interface OciDescriptor {
  mediaType: string;
  digest: string;
  size: number;
  annotations?: Record<string, string>;
}

/** Parses a step's image reference; a malformed one fails the step naming `field`. */
export function parseOciRef(config: StepConfig, field: string, requireTag = false): OciRef {
  const raw = config.string(field);
  const text = raw.replace(/^oci:\/\//, "");
  const match = /^([a-zA-Z0-9.-]+(?::\d+)?)\/([a-z0-9._/-]+?)(?::([A-Za-z0-9_][A-Za-z0-9._-]{0,127})|@(sha256:[a-f0-9]{64}))$/.exec(text);
  if (!match || (requireTag && !match[3])) config.fail(`config.${field} "${raw}" is not a reference of the form registry/repository${requireTag ? ":tag" : ":tag or @sha256:digest"}`);
  const registry = match[1]!;
  const host = registry.replace(/:\d+$/, "");
  // Plain HTTP only for registries on this machine (as container tools treat localhost).
  const scheme = host === "localhost" || host === "127.0.0.1" || host === "[::1]" ? "http" : "https";
  return { base: `${scheme}://${registry}`, registry, repository: match[2]!, reference: match[3] ?? match[4]! };
}

/** Fetches an image manifest; an index or a missing manifest fails the step. */
export async function getManifest(config: StepConfig, ref: OciRef, signal: AbortSignal): Promise<OciManifest> {
  const response = await fetch(`${ref.base}/v2/${ref.repository}/manifests/${ref.reference}`, { headers: { accept: MANIFEST_TYPES.join(", ") }, signal });
  const body = (await readResponseBody(response, OCI_MANIFEST_LIMIT)).toString("utf8");
  if (response.status === 404) config.fail(`${ref.registry}/${ref.repository}:${ref.reference} not found`);
  if (!response.ok) throw new Error(`registry ${ref.registry} answered HTTP ${response.status} for the manifest of ${ref.repository}:${ref.reference}`);
  const json = JSON.parse(body) as OciManifest["json"];
  const mediaType = response.headers.get("content-type")?.split(";")[0] ?? json.mediaType ?? MANIFEST_TYPES[0]!;
  if (json.manifests) config.fail(`${ref.registry}/${ref.repository}:${ref.reference} is an image index; name one platform's manifest by digest`);
  return { mediaType, body, json };
}

/** Downloads a blob whole (bounded), checking its digest. */
export async function getBlob(ref: OciRef, descriptor: OciDescriptor, signal: AbortSignal): Promise<Buffer> {
  const response = await fetch(`${ref.base}/v2/${ref.repository}/blobs/${descriptor.digest}`, { signal });
  if (!response.ok) throw new Error(`registry ${ref.registry} answered HTTP ${response.status} for blob ${descriptor.digest}`);
  const blob = await readResponseBody(response, OCI_BLOB_LIMIT);
  if (digestOf(blob) !== descriptor.digest) throw new Error(`blob ${descriptor.digest} from ${ref.registry} does not match its digest`);
  return blob;
}

/** `sha256:<hex>` of bytes. */
export function digestOf(bytes: Buffer | string): string {
  return `sha256:${createHash("sha256").update(bytes).digest("hex")}`;
}
