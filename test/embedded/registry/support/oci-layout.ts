import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** One image of a layout: its build date, platform and manifest annotations. */
export interface TestImage {
  created: string;
  os?: string;
  architecture?: string;
  variant?: string;
  annotations?: Record<string, string>;
}

/** A tag of a layout: one image, or a multi-arch index of several. */
export type TestTag =
  | { tag: string; image: TestImage }
  | { tag: string; index: TestImage[]; annotations?: Record<string, string> }
  /** A Helm chart stored as an OCI artifact (Helm's config and content media types). */
  | { tag: string; chart: { name: string; version: string } };

/** A descriptor written to the layout. */
interface Descriptor {
  mediaType: string;
  digest: string;
  size: number;
  platform?: { os: string; architecture: string; variant?: string };
  annotations?: Record<string, string>;
}

/**
 * Writes an OCI image layout (oci-layout, index.json, blobs/sha256/…) holding the given tags, for
 * skopeo to push: each image is a config blob (with `created` and the platform) and one empty
 * tar layer; an index tag points to an image index of its images (plus an attestation-like
 * `unknown/unknown` entry, which discovery must skip). Returns the layout directory and each
 * tag's manifest digest.
 */
export function writeOciLayout(tags: readonly TestTag[], dir = mkdtempSync(join(tmpdir(), "kargo-oci-"))): { dir: string; digests: Record<string, string> } {
  mkdirSync(join(dir, "blobs", "sha256"), { recursive: true });
  const blob = (mediaType: string, content: Buffer): Descriptor => {
    const hex = createHash("sha256").update(content).digest("hex");
    writeFileSync(join(dir, "blobs", "sha256", hex), content);
    return { mediaType, digest: `sha256:${hex}`, size: content.length };
  };
  const layer = blob("application/vnd.oci.image.layer.v1.tar", Buffer.alloc(1024));
  const image = (spec: TestImage): Descriptor => {
    const platform = { os: spec.os ?? "linux", architecture: spec.architecture ?? "amd64", ...(spec.variant ? { variant: spec.variant } : {}) };
    const config = blob(
      "application/vnd.oci.image.config.v1+json",
      Buffer.from(JSON.stringify({ created: spec.created, ...platform, rootfs: { type: "layers", diff_ids: [layer.digest] }, config: {} })),
    );
    const manifest = {
      schemaVersion: 2,
      mediaType: "application/vnd.oci.image.manifest.v1+json",
      config,
      layers: [layer],
      ...(spec.annotations ? { annotations: spec.annotations } : {}),
    };
    return { ...blob(manifest.mediaType, Buffer.from(JSON.stringify(manifest))), platform };
  };
  const entries: Descriptor[] = [];
  const digests: Record<string, string> = {};
  for (const tag of tags) {
    let descriptor: Descriptor;
    if ("chart" in tag) {
      const config = blob("application/vnd.cncf.helm.config.v1+json", Buffer.from(JSON.stringify({ apiVersion: "v2", ...tag.chart })));
      const content = blob("application/vnd.cncf.helm.chart.content.v1.tar+gzip", Buffer.from("1f8b08000000000000030300000000000000000000", "hex"));
      const manifest = { schemaVersion: 2, mediaType: "application/vnd.oci.image.manifest.v1+json", config, layers: [content] };
      descriptor = blob(manifest.mediaType, Buffer.from(JSON.stringify(manifest)));
    } else if ("image" in tag) {
      const { platform: _platform, ...plain } = image(tag.image);
      descriptor = plain;
    } else {
      const children = tag.index.map(image);
      const attestation = {
        ...image({ created: "1970-01-01T00:00:00Z", os: "unknown", architecture: "unknown" }),
        platform: { os: "unknown", architecture: "unknown" },
      };
      const index = {
        schemaVersion: 2,
        mediaType: "application/vnd.oci.image.index.v1+json",
        manifests: [...children, attestation],
        ...(tag.annotations ? { annotations: tag.annotations } : {}),
      };
      descriptor = blob(index.mediaType, Buffer.from(JSON.stringify(index)));
    }
    digests[tag.tag] = descriptor.digest;
    entries.push({ ...descriptor, annotations: { "org.opencontainers.image.ref.name": tag.tag } });
  }
  writeFileSync(join(dir, "oci-layout"), JSON.stringify({ imageLayoutVersion: "1.0.0" }));
  writeFileSync(join(dir, "index.json"), JSON.stringify({ schemaVersion: 2, manifests: entries }));
  return { dir, digests };
}
