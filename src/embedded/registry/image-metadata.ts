import type { RegistryClient, FetchedManifest } from "./registry-client.js";
import { RegistryError } from "./registry-error.js";
import { rfc3339Millis } from "../../util/rfc3339.js";

/** What discovery records of an image: its digest, build date and annotations. */
export interface ImageMetadata {
  digest: string;
  /** RFC 3339, from the config blob's `created` (the newest of an index's images without a platform). */
  createdAt?: string;
  annotations?: Record<string, string>;
}

/** A `platform` constraint: `os/arch[/variant]`. */
export interface Platform {
  os: string;
  architecture: string;
  variant?: string;
}

/** Parses a subscription's `platform` (`linux/amd64`, `linux/arm/v7`); throws on anything else. */
export function parsePlatform(text: string): Platform {
  const parts = text.split("/");
  if (parts.length < 2 || parts.length > 3 || parts.some((p) => !/^[a-z0-9_.-]+$/iu.test(p)))
    throw new Error(`invalid platform "${text}": expected os/arch or os/arch/variant`);
  return { os: parts[0]!, architecture: parts[1]!, ...(parts[2] ? { variant: parts[2] } : {}) };
}

const INDEX_TYPES = new Set(["application/vnd.oci.image.index.v1+json", "application/vnd.docker.distribution.manifest.list.v2+json"]);
const MANIFEST_TYPES = new Set(["application/vnd.oci.image.manifest.v1+json", "application/vnd.docker.distribution.manifest.v2+json"]);
const MAX_INDEX_ENTRIES = 64;

/**
 * Reads an image's metadata from its manifest, as Kargo does:
 * - an image manifest: the config blob gives `created` and the platform, checked against the constraint;
 * - an index (multi-arch): entries without a real platform (attestations: `unknown/unknown`) are
 *   skipped; with a platform constraint the matching image gives the date and the recorded digest
 *   stays the index's (what a pull by tag resolves to); without one, the newest image's date.
 * Annotations are the manifest's (an index's, overlaid by the selected image's).
 * Undefined when the image does not support the platform. `byDigest` fetches (and may cache) a
 * child manifest's metadata.
 */
export async function imageMetadata(
  client: RegistryClient,
  manifest: FetchedManifest,
  platform: Platform | undefined,
  byDigest: (digest: string) => Promise<ImageMetadata | undefined>,
  signal?: AbortSignal,
): Promise<ImageMetadata | undefined> {
  const annotations = stringMap(manifest.json["annotations"]);
  if (INDEX_TYPES.has(manifest.mediaType)) {
    const entries = (Array.isArray(manifest.json["manifests"]) ? (manifest.json["manifests"] as Record<string, unknown>[]) : [])
      .map((entry) => ({ digest: String(entry["digest"] ?? ""), platform: (entry["platform"] ?? {}) as Record<string, unknown> }))
      .filter(
        ({ platform: p }) =>
          typeof p["os"] === "string" && typeof p["architecture"] === "string" && p["os"] !== "unknown" && p["architecture"] !== "unknown" && p["os"] !== "",
      );
    if (entries.length === 0) throw new RegistryError("InvalidResponse", `index ${manifest.digest} lists no images`);
    if (entries.length > MAX_INDEX_ENTRIES) throw new RegistryError("InvalidResponse", `index ${manifest.digest} lists more than ${MAX_INDEX_ENTRIES} images`);
    if (platform) {
      const match = entries.find(({ platform: p }) =>
        platformMatches(platform, String(p["os"]), String(p["architecture"]), p["variant"] as string | undefined),
      );
      if (!match) return undefined;
      const image = await byDigest(match.digest);
      if (!image)
        throw new RegistryError(
          "InvalidResponse",
          `index ${manifest.digest} lists ${match.digest} for ${formatPlatform(platform)} but its config says otherwise`,
        );
      return withAnnotations({ digest: manifest.digest, ...(image.createdAt ? { createdAt: image.createdAt } : {}) }, { ...annotations, ...image.annotations });
    }
    let createdAt: string | undefined;
    for (const entry of entries) {
      const image = await byDigest(entry.digest);
      if (image?.createdAt && (!createdAt || Date.parse(image.createdAt) > Date.parse(createdAt))) createdAt = image.createdAt;
    }
    return withAnnotations({ digest: manifest.digest, ...(createdAt ? { createdAt } : {}) }, annotations);
  }
  if (!MANIFEST_TYPES.has(manifest.mediaType))
    throw new RegistryError("InvalidResponse", `manifest ${manifest.digest} has unsupported media type "${manifest.mediaType}"`);
  const configDigest = String((manifest.json["config"] as Record<string, unknown> | undefined)?.["digest"] ?? "");
  const config = await client.getJsonBlob(configDigest, signal);
  if (platform && !platformMatches(platform, String(config["os"] ?? ""), String(config["architecture"] ?? ""), config["variant"] as string | undefined))
    return undefined;
  const created =
    typeof config["created"] === "string" && !Number.isNaN(Date.parse(config["created"])) ? rfc3339Millis(new Date(config["created"])) : undefined;
  return withAnnotations({ digest: manifest.digest, ...(created ? { createdAt: created } : {}) }, annotations);
}

function platformMatches(want: Platform, os: string, architecture: string, variant: string | undefined): boolean {
  return want.os === os && want.architecture === architecture && (want.variant === undefined || want.variant === variant);
}

function formatPlatform(p: Platform): string {
  return [p.os, p.architecture, p.variant].filter(Boolean).join("/");
}

function withAnnotations(image: ImageMetadata, annotations: Record<string, string>): ImageMetadata {
  return Object.keys(annotations).length > 0 ? { ...image, annotations } : image;
}

function stringMap(value: unknown): Record<string, string> {
  if (typeof value !== "object" || value === null) return {};
  return Object.fromEntries(Object.entries(value).filter((entry): entry is [string, string] => typeof entry[1] === "string"));
}
