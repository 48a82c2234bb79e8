import { createHash } from "node:crypto";
import { ImageReferenceError, parseImageRepository } from "../registry/image-repository.js";
import { createRegistryClient, type FetchedManifest, type RegistryClient } from "../registry/registry-client.js";
import { RegistryError } from "../registry/registry-error.js";
import type { StepConfig } from "./step-config.js";
import type { StepContext } from "./step-types.js";

/** Largest blob held in memory while copying or downloading. */
export const OCI_BLOB_LIMIT = 512 * 1024 * 1024;

/** A content descriptor. */
export interface OciDescriptor {
  mediaType: string;
  digest: string;
  size: number;
  platform?: { os?: string; architecture?: string; variant?: string };
  annotations?: Record<string, string>;
}

/** An image manifest's or an index's JSON, as far as the steps read it. */
export interface OciManifestJson {
  mediaType?: string;
  config?: OciDescriptor;
  layers?: OciDescriptor[];
  manifests?: OciDescriptor[];
  annotations?: Record<string, string>;
}

/** A step's OCI reference, opened: a client of its repository (with the project's credentials) and the tag or digest. */
export interface OciRef {
  client: RegistryClient;
  /** `host/repository` as written (without `oci://`), for messages. */
  display: string;
  /** The tag or `sha256:` digest. */
  reference: string;
  /** The tag, when the reference is one. */
  tag?: string;
}

const REFERENCE = /^(.+?)(?::([A-Za-z0-9_][A-Za-z0-9._-]{0,127})|@(sha256:[a-f0-9]{64}))$/u;

/**
 * Parses a step's `[oci://]host[:port]/repository(:tag|@digest)` and opens a registry client for it
 * — the one Warehouse discovery uses (`../registry/`: authentication challenges, Bearer tokens,
 * bounded bodies, digests checked; plain HTTP only to a loopback registry that does not speak
 * TLS). Credentials are the project's, found as discovery finds them: `cred-type: helm` Secrets for
 * an `oci://` reference (Kargo's Helm credential lookup), `cred-type: image` otherwise. A malformed
 * reference fails the step naming `field`.
 */
export async function openOciRef(
  config: StepConfig,
  field: string,
  context: StepContext,
  options: { requireTag?: boolean; insecureSkipTLSVerify?: boolean } = {},
): Promise<OciRef> {
  const raw = config.string(field);
  const helm = raw.startsWith("oci://");
  const text = raw.replace(/^oci:\/\//u, "");
  const match = REFERENCE.exec(text);
  const bad = () =>
    config.error(`config.${field} "${raw}" is not a reference of the form registry/repository${options.requireTag ? ":tag" : ":tag or @sha256:digest"}`);
  if (!match || (options.requireTag && !match[2]) || !match[1]!.includes("/")) throw bad();
  let repository;
  try {
    repository = parseImageRepository(match[1]!);
  } catch (error) {
    if (error instanceof ImageReferenceError) throw bad();
    throw error;
  }
  const credentials = await context.registryCredentials?.(helm ? "helm" : "image", helm ? `oci://${match[1]}` : match[1]!);
  const client = createRegistryClient({
    repository,
    ...(credentials ? { credentials } : {}),
    ...(options.insecureSkipTLSVerify ? { insecureSkipTLSVerify: true } : {}),
  });
  return { client, display: match[1]!, reference: match[2] ?? match[3]!, ...(match[2] ? { tag: match[2] } : {}) };
}

/** Fetches the manifest or index a reference names; a missing one fails the step. */
export async function fetchManifest(
  config: StepConfig,
  ref: OciRef,
  reference: string,
  signal: AbortSignal,
): Promise<FetchedManifest & { json: OciManifestJson }> {
  try {
    return (await ref.client.getManifest(reference, signal)) as FetchedManifest & { json: OciManifestJson };
  } catch (error) {
    if (error instanceof RegistryError && error.reason === "RepositoryNotFound")
      config.fail(`${ref.display}${reference.startsWith("sha256:") ? "@" : ":"}${reference} not found`);
    throw error;
  }
}

/** True when a manifest is an image index (Docker manifest list included). */
export function isIndex(manifest: { json: OciManifestJson }): boolean {
  return Array.isArray(manifest.json.manifests);
}

/**
 * The image of an index that runs on `platform` (`os/architecture[/variant]`), as
 * go-containerregistry picks it for Kargo (linux/amd64 when none is asked for): a missing variant
 * in the request matches any. A platform the index lacks fails the step, naming those it has.
 */
export function selectPlatform(config: StepConfig, manifest: { json: OciManifestJson }, platform: string | undefined, what: string): OciDescriptor {
  const wanted = platform ?? "linux/amd64";
  const [os, architecture, variant] = wanted.split("/");
  if (!os || !architecture) config.fail(`config.platform "${wanted}" must be os/architecture[/variant]`);
  const entries = manifest.json.manifests ?? [];
  const found = entries.find(
    (m) => m.platform?.os === os && m.platform?.architecture === architecture && (variant === undefined || m.platform?.variant === variant),
  );
  if (!found) {
    const available = entries
      .map((m) => [m.platform?.os, m.platform?.architecture, m.platform?.variant].filter(Boolean).join("/"))
      .filter((p) => p && p !== "unknown/unknown");
    config.fail(`${what} is an image index with no image for ${wanted} (it has: ${available.join(", ") || "none"})`);
  }
  return found!;
}

/** `sha256:<hex>` of bytes. */
export function digestOf(bytes: Buffer | string): string {
  return `sha256:${createHash("sha256").update(bytes).digest("hex")}`;
}
