import { normalizeChartRepoUrl } from "../../domain/normalize-chart-repo-url.js";

/** Where an image (or OCI chart) repository lives on the OCI Distribution API. */
export interface ImageRepository {
  /** The API's base, e.g. `https://ghcr.io` (no trailing slash). */
  origin: string;
  /** Loopback registries only: `http://…`, tried when the registry does not speak TLS. */
  plainHttpOrigin?: string;
  /** The repository name within the registry, e.g. `library/nginx`. */
  name: string;
  /** The canonical `host/name` (Docker Hub spellings unified), used to match credentials. */
  canonical: string;
}

/** A repository reference that cannot be parsed. */
export class ImageReferenceError extends Error {
  override name = "ImageReferenceError";
}

const NAME = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*$/u;
const LOOPBACK = /^(?:localhost|127(?:\.\d{1,3}){3}|\[::1\])(?::\d+)?$/u;

/**
 * Parses an image subscription's `repoURL` (a reference without tag, optionally `oci://`) as
 * go-containerregistry does for Kargo: a first path element with a `.` or `:` or `localhost` is the
 * registry, else Docker Hub (`nginx` → `index.docker.io/library/nginx`, served by
 * `registry-1.docker.io`). HTTPS always; a loopback registry that does not speak TLS is spoken
 * to over plain HTTP, as go-containerregistry does for localhost (traffic that never leaves the
 * machine). No other registry ever gets plain HTTP.
 */
export function parseImageRepository(repoURL: string): ImageRepository {
  const canonical = normalizeChartRepoUrl(repoURL);
  if (canonical.includes("://") || canonical.includes("@") || canonical === "")
    throw new ImageReferenceError(`"${repoURL}" is not an image repository reference`);
  const slash = canonical.indexOf("/");
  const host = canonical.slice(0, slash);
  const name = canonical.slice(slash + 1);
  if (!NAME.test(name) || name.length > 255) throw new ImageReferenceError(`"${repoURL}" is not an image repository reference (name "${name}")`);
  const apiHost = host === "index.docker.io" ? "registry-1.docker.io" : host;
  return { origin: `https://${apiHost}`, ...(LOOPBACK.test(host) ? { plainHttpOrigin: `http://${apiHost}` } : {}), name, canonical };
}
