import { createHash } from "node:crypto";
import type { ImageRepository } from "./image-repository.js";
import { parseWwwAuthenticate } from "./parse-www-authenticate.js";
import { RegistryError } from "./registry-error.js";
import { registryRequest, ResponseTooLargeError, retryAfterText, type RegistryResponse } from "./registry-request.js";

/** Username and password (or token) for a registry; never logged, never put in a message. */
export interface RegistryCredentials {
  username: string;
  password: string;
}

/** Options of createRegistryClient. */
export interface RegistryClientOptions {
  repository: ImageRepository;
  credentials?: RegistryCredentials;
  insecureSkipTLSVerify?: boolean;
  /** Tags asked for per page (`n`); the registry may send fewer and a `Link` to the next page. */
  tagPageSize?: number;
}

/** A manifest or index as fetched: its digest (computed from the bytes), media type, JSON and bytes. */
export interface FetchedManifest {
  digest: string;
  mediaType: string;
  json: Record<string, unknown>;
  /** The bytes as the registry sent them (the digest is theirs; copying must keep them). */
  body: Buffer;
}

/** A client of one repository on the OCI Distribution API. */
export interface RegistryClient {
  /** Every tag, following `Link` pagination. */
  listTags(signal?: AbortSignal): Promise<string[]>;
  /** The manifest or index a tag or digest names. */
  getManifest(reference: string, signal?: AbortSignal): Promise<FetchedManifest>;
  /** A (config) blob's JSON, checked against its digest. */
  getJsonBlob(digest: string, signal?: AbortSignal): Promise<Record<string, unknown>>;
  /** A blob's bytes (at most `maxBytes`), checked against its digest. */
  getBlob(digest: string, maxBytes: number, signal?: AbortSignal): Promise<Buffer>;
  /** Whether the repository holds a blob (HEAD). */
  hasBlob(digest: string, signal?: AbortSignal): Promise<boolean>;
  /** Uploads a blob in one piece (POST for an upload location, then PUT with its digest). */
  putBlob(digest: string, bytes: Buffer, signal?: AbortSignal): Promise<void>;
  /** Puts a manifest or index under a tag or its digest. */
  putManifest(reference: string, mediaType: string, body: Buffer, signal?: AbortSignal): Promise<void>;
  /** Requests sent so far (token requests included), for measurements. */
  readonly requests: number;
}

export const MANIFEST_MEDIA_TYPES = [
  "application/vnd.oci.image.index.v1+json",
  "application/vnd.docker.distribution.manifest.list.v2+json",
  "application/vnd.oci.image.manifest.v1+json",
  "application/vnd.docker.distribution.manifest.v2+json",
];
// Bounds on what a registry can make us read: the distribution registry refuses manifests over
// 4 MiB itself; an image config is a few KiB; a tags page of 1,000 names is ~50 KiB.
const MAX_MANIFEST_BYTES = 4 << 20;
const MAX_BLOB_BYTES = 4 << 20;
const MAX_TAGS_PAGE_BYTES = 8 << 20;
const MAX_TOKEN_BYTES = 64 << 10;
const MAX_TAG_PAGES = 1000;
const MAX_TAGS = 100_000;
const DIGEST = /^sha256:[a-f0-9]{64}$/u;
/** Loopback host names (a URL's `hostname`): traffic to them never leaves the machine. */
export const LOOPBACK_HOST = /^(?:localhost|127(?:\.\d{1,3}){3}|\[::1\])$/u;

/**
 * A client of one repository speaking the OCI Distribution API (Docker Registry HTTP API v2):
 * tags with pagination, manifests and indexes, and config blobs, every body bounded and every
 * digest verified. Authentication follows the registry's challenge: anonymous first; on a 401
 * with `Basic`, the credentials as Basic; with `Bearer realm=…,service=…,scope=…` (Docker Hub,
 * GHCR, Harbor…) a token from the realm — asked with the credentials as Basic when there are any,
 * anonymously otherwise — then sent as Bearer. The token is kept for the client's life and
 * fetched again when the registry answers 401 to it.
 */
export function createRegistryClient(options: RegistryClientOptions): RegistryClient {
  const { repository, credentials } = options;
  let origin = repository.origin;
  const base = () => `${origin}/v2/${repository.name}`;
  const basic = credentials ? `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString("base64")}` : undefined;
  let authorization: string | undefined;
  let requests = 0;

  const send = async (
    target: URL,
    maxBytes: number,
    signal: AbortSignal | undefined,
    headers: Record<string, string> = {},
    write: Write = {},
  ): Promise<RegistryResponse> => {
    // Once on plain HTTP, URLs made before the switch go there too.
    const url = origin !== repository.origin && target.origin === repository.origin ? new URL(`${origin}${target.pathname}${target.search}`) : target;
    try {
      const response = await registryRequest(url, {
        ...write,
        headers: { ...headers, ...(authorization ? { Authorization: authorization } : {}) },
        maxBytes,
        insecureSkipTLSVerify: options.insecureSkipTLSVerify === true,
        ...(signal ? { signal } : {}),
      });
      requests++;
      return response;
    } catch (error) {
      if (signal?.aborted) throw error;
      // A loopback registry without TLS answers a handshake with plain HTTP: speak that from now on.
      // Certificate errors are not a reason: insecureSkipTLSVerify decides those.
      if (repository.plainHttpOrigin && origin !== repository.plainHttpOrigin && url.origin === origin && isNotTls(error)) {
        origin = repository.plainHttpOrigin;
        return send(new URL(`${origin}${url.pathname}${url.search}`), maxBytes, signal, headers, write);
      }
      if (error instanceof ResponseTooLargeError) throw new RegistryError("InvalidResponse", error.message, { cause: error });
      throw new RegistryError("RegistryUnavailable", `registry ${origin} unreachable: ${(error as Error).message}`, { cause: error });
    }
  };

  /** Sends a request, answering one authentication challenge on the way. */
  const authorizedRequest = async (
    url: URL,
    maxBytes: number,
    signal?: AbortSignal,
    headers?: Record<string, string>,
    write?: Write,
  ): Promise<RegistryResponse> => {
    const first = await send(url, maxBytes, signal, headers, write);
    if (first.status !== 401) return first;
    const challenge = parseWwwAuthenticate(first.headers["www-authenticate"]);
    if (challenge?.scheme === "basic") {
      if (!basic)
        throw new RegistryError("AuthenticationFailed", `registry ${origin} requires credentials for ${repository.canonical} and none are stored for it`);
      if (authorization === basic) throw authFailed();
      authorization = basic;
    } else if (challenge?.scheme === "bearer") {
      authorization = `Bearer ${await fetchToken(challenge.params, signal)}`;
    } else {
      throw new RegistryError("AuthenticationFailed", `registry ${origin} refused access to ${repository.canonical} without a usable challenge`);
    }
    const second = await send(url, maxBytes, signal, headers, write);
    if (second.status === 401) throw authFailed();
    return second;
  };

  const authFailed = () =>
    new RegistryError(
      "AuthenticationFailed",
      basic
        ? `registry ${origin} rejected the stored credentials for ${repository.canonical}`
        : `registry ${origin} requires credentials for ${repository.canonical} and none are stored for it`,
    );

  const fetchToken = async (params: Record<string, string>, signal?: AbortSignal): Promise<string> => {
    let realm: URL;
    try {
      realm = new URL(params["realm"] ?? "");
    } catch {
      throw new RegistryError("InvalidResponse", `registry ${origin} sent a Bearer challenge without a valid realm`);
    }
    // Credentials go to the token realm only over HTTPS (or to loopback, which never leaves the machine).
    if (realm.protocol !== "https:" && !(realm.protocol === "http:" && LOOPBACK_HOST.test(realm.hostname))) {
      throw new RegistryError("InvalidResponse", `registry ${origin} named a token realm over ${realm.protocol}, refused`);
    }
    if (params["service"]) realm.searchParams.set("service", params["service"]);
    realm.searchParams.set("scope", params["scope"] ?? `repository:${repository.name}:pull`);
    requests++;
    let answer: RegistryResponse;
    try {
      answer = await registryRequest(realm, {
        headers: basic ? { Authorization: basic } : {},
        maxBytes: MAX_TOKEN_BYTES,
        insecureSkipTLSVerify: options.insecureSkipTLSVerify === true,
        ...(signal ? { signal } : {}),
      });
    } catch (error) {
      if (signal?.aborted) throw error;
      throw new RegistryError("RegistryUnavailable", `token service ${realm.origin} unreachable: ${(error as Error).message}`, { cause: error });
    }
    if (answer.status === 401 || answer.status === 403) throw authFailed();
    if (answer.status !== 200) throw statusError(answer, `token service ${realm.origin}`);
    const body = parseJson(answer.body, `token from ${realm.origin}`);
    const token = body["token"] ?? body["access_token"];
    if (typeof token !== "string" || token === "") throw new RegistryError("InvalidResponse", `token service ${realm.origin} answered without a token`);
    return token;
  };

  const statusError = (response: RegistryResponse, what: string) => {
    const detail = registryErrorDetail(response.body);
    const suffix = detail ? `: ${detail}` : "";
    if (response.status === 401 || response.status === 403)
      return new RegistryError("AuthenticationFailed", `${what}: access denied (HTTP ${response.status})${suffix}`);
    if (response.status === 404) return new RegistryError("RepositoryNotFound", `${what}: not found (HTTP 404)${suffix}`);
    if (response.status === 429 || response.status >= 500)
      return new RegistryError("RegistryUnavailable", `${what}: HTTP ${response.status}${suffix}${retryAfterText(response)}`, {
        retryAfterMs: response.retryAfterMs,
      });
    return new RegistryError("InvalidResponse", `${what}: unexpected HTTP ${response.status}${suffix}`);
  };

  return {
    get requests() {
      return requests;
    },
    async listTags(signal) {
      const tags: string[] = [];
      let url: URL | undefined = new URL(`${base()}/tags/list?n=${options.tagPageSize ?? 1000}`);
      for (let page = 0; url; page++) {
        if (page >= MAX_TAG_PAGES)
          throw new RegistryError("InvalidResponse", `repository ${repository.canonical} has more than ${MAX_TAG_PAGES} pages of tags`);
        const response = await authorizedRequest(url, MAX_TAGS_PAGE_BYTES, signal);
        if (response.status !== 200) throw statusError(response, `listing tags of ${repository.canonical}`);
        const body = parseJson(response.body, `tags of ${repository.canonical}`);
        const pageTags = body["tags"] ?? [];
        if (!Array.isArray(pageTags) || pageTags.some((t) => typeof t !== "string"))
          throw new RegistryError("InvalidResponse", `tags of ${repository.canonical}: "tags" is not a list of strings`);
        tags.push(...(pageTags as string[]));
        if (tags.length > MAX_TAGS) throw new RegistryError("InvalidResponse", `repository ${repository.canonical} has more than ${MAX_TAGS} tags`);
        url = nextPage(response.headers.link, response.url);
      }
      return tags;
    },
    async getManifest(reference, signal) {
      const response = await authorizedRequest(new URL(`${base()}/manifests/${encodeURIComponent(reference)}`), MAX_MANIFEST_BYTES, signal, {
        Accept: MANIFEST_MEDIA_TYPES.join(", "),
      });
      if (response.status !== 200) throw statusError(response, `manifest ${repository.canonical}:${reference}`);
      const digest = `sha256:${createHash("sha256").update(response.body).digest("hex")}`;
      if (DIGEST.test(reference) && reference !== digest)
        throw new RegistryError("InvalidResponse", `manifest ${repository.canonical}@${reference} does not match its digest`);
      const json = parseJson(response.body, `manifest ${repository.canonical}:${reference}`);
      const mediaType =
        typeof json["mediaType"] === "string"
          ? json["mediaType"]
          : String(response.headers["content-type"] ?? "")
              .split(";")[0]!
              .trim();
      return { digest, mediaType, json, body: response.body };
    },
    async getBlob(digest, maxBytes, signal) {
      if (!DIGEST.test(digest)) throw new RegistryError("InvalidResponse", `blob digest "${digest}" of ${repository.canonical} is not a sha256 digest`);
      const response = await authorizedRequest(new URL(`${base()}/blobs/${digest}`), maxBytes, signal);
      if (response.status !== 200) throw statusError(response, `blob ${repository.canonical}@${digest}`);
      if (`sha256:${createHash("sha256").update(response.body).digest("hex")}` !== digest)
        throw new RegistryError("InvalidResponse", `blob ${repository.canonical}@${digest} does not match its digest`);
      return response.body;
    },
    async hasBlob(digest, signal) {
      const response = await authorizedRequest(new URL(`${base()}/blobs/${digest}`), MAX_BLOB_BYTES, signal, {}, { method: "HEAD" });
      if (response.status === 200) return true;
      if (response.status === 404) return false;
      throw statusError(response, `blob ${repository.canonical}@${digest}`);
    },
    async putBlob(digest, bytes, signal) {
      const started = await authorizedRequest(new URL(`${base()}/blobs/uploads/`), MAX_BLOB_BYTES, signal, {}, { method: "POST" });
      const location = started.headers.location;
      if (started.status !== 202 || !location) throw statusError(started, `starting an upload to ${repository.canonical}`);
      const url = new URL(location, started.url);
      // The upload goes to the registry itself, never where its answer points elsewhere (the credentials would follow).
      if (url.origin !== started.url.origin)
        throw new RegistryError("InvalidResponse", `registry ${origin} sent the upload of ${repository.canonical} to another origin (${url.origin})`);
      url.searchParams.set("digest", digest);
      const put = await authorizedRequest(url, MAX_BLOB_BYTES, signal, { "Content-Type": "application/octet-stream" }, { method: "PUT", body: bytes });
      if (put.status !== 201) throw statusError(put, `uploading blob ${digest} to ${repository.canonical}`);
    },
    async putManifest(reference, mediaType, body, signal) {
      const response = await authorizedRequest(
        new URL(`${base()}/manifests/${encodeURIComponent(reference)}`),
        MAX_MANIFEST_BYTES,
        signal,
        { "Content-Type": mediaType },
        { method: "PUT", body },
      );
      if (response.status !== 201) throw statusError(response, `putting manifest ${repository.canonical}:${reference}`);
    },
    async getJsonBlob(digest, signal) {
      if (!DIGEST.test(digest)) throw new RegistryError("InvalidResponse", `blob digest "${digest}" of ${repository.canonical} is not a sha256 digest`);
      const response = await authorizedRequest(new URL(`${base()}/blobs/${digest}`), MAX_BLOB_BYTES, signal);
      if (response.status !== 200) throw statusError(response, `blob ${repository.canonical}@${digest}`);
      if (`sha256:${createHash("sha256").update(response.body).digest("hex")}` !== digest)
        throw new RegistryError("InvalidResponse", `blob ${repository.canonical}@${digest} does not match its digest`);
      return parseJson(response.body, `blob ${repository.canonical}@${digest}`);
    },
  };
}

/** The method and body of a request that writes (uploads); reads leave it empty. */
interface Write {
  method?: "HEAD" | "POST" | "PUT";
  body?: Buffer;
}

/** True for the error of a TLS handshake with a server that speaks plain HTTP. */
function isNotTls(error: unknown): boolean {
  const code = (error as { code?: string } | null)?.code ?? "";
  return (
    code === "EPROTO" ||
    code === "ERR_SSL_WRONG_VERSION_NUMBER" ||
    code === "ECONNRESET" ||
    /wrong version number|packet length too long/iu.test((error as Error).message ?? "")
  );
}

/** The `rel="next"` target of a Link header, on the same origin only (a registry cannot send us elsewhere). */
function nextPage(header: string | string[] | undefined, current: URL): URL | undefined {
  const link = Array.isArray(header) ? header.join(", ") : header;
  if (!link) return undefined;
  const match = /<([^>]*)>\s*;\s*rel="?next"?/u.exec(link);
  if (!match) return undefined;
  const next = new URL(match[1]!, current);
  if (next.origin !== current.origin) throw new RegistryError("InvalidResponse", `registry ${current.origin} paginated to another origin (${next.origin})`);
  return next;
}

function parseJson(body: Buffer, what: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(body.toString("utf8"));
    if (typeof value === "object" && value !== null && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {
    // reported below
  }
  throw new RegistryError("InvalidResponse", `${what}: not a JSON object`);
}

/** The registry's own error text (`{"errors":[{"code","message"}]}`), shortened; empty when absent. */
function registryErrorDetail(body: Buffer): string {
  try {
    const errors = (JSON.parse(body.toString("utf8")) as { errors?: { code?: string; message?: string }[] }).errors ?? [];
    return errors
      .map((e) => [e.code, e.message].filter(Boolean).join(" "))
      .join("; ")
      .slice(0, 200);
  } catch {
    return "";
  }
}
