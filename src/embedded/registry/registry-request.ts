import { request as httpRequest, type IncomingHttpHeaders } from "node:http";
import { request as httpsRequest } from "node:https";
import { setTimeout as sleep } from "node:timers/promises";
import { reportRetryAfter } from "./retry-after-reporter.js";

/** A registry's answer, its body read in full (bounded). */
export interface RegistryResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
  /** The URL that answered (after redirects). */
  url: URL;
  /** A 429/503 whose Retry-After was longer than this request waits: how long the registry asked for. */
  retryAfterMs?: number;
}

/** Options of registryRequest. */
export interface RegistryRequestOptions {
  method?: "GET" | "HEAD" | "POST" | "PUT";
  headers?: Record<string, string>;
  /** The request body (uploads: blobs, manifests). */
  body?: Buffer;
  /** Skip TLS certificate verification (the subscription's `insecureSkipTLSVerify`). */
  insecureSkipTLSVerify?: boolean;
  /** A larger body is refused before more of it is read. */
  maxBytes: number;
  signal?: AbortSignal;
}

/** A registry answered with more than the bound allows. */
export class ResponseTooLargeError extends Error {
  override name = "ResponseTooLargeError";
}

const MAX_REDIRECTS = 3;
/** The longest Retry-After a request waits out itself; a longer one fails it, to be retried by the Warehouse's backoff no sooner than asked. */
export const MAX_RETRY_AFTER_MS = 60_000;
/** Answers 429/503 with a Retry-After are waited out at most this many times per request. */
const MAX_RETRY_AFTER_WAITS = 5;
/** No single request may hang a discovery: the whole answer must arrive within this. */
const REQUEST_TIMEOUT_MS = 30_000;

/**
 * One HTTP(S) request to a registry, through node:http rather than fetch so that
 * `insecureSkipTLSVerify` can apply to this request alone and the body is bounded as it streams
 * in. Redirects (registries send blob downloads to object storage) are followed up to 3 times;
 * the Authorization header is sent to the registry's own host only, never to where it redirects.
 */
export async function registryRequest(url: URL, options: RegistryRequestOptions, redirects = 0): Promise<RegistryResponse> {
  assertHostAllowed(url);
  const response = await honouringRetryAfter(url, options);
  const location = response.headers.location;
  if (response.status >= 300 && response.status < 400 && location !== undefined) {
    if (redirects >= MAX_REDIRECTS) throw new Error(`too many redirects from ${url.origin}`);
    const next = new URL(location, url);
    if (next.protocol !== "https:" && next.protocol !== "http:") throw new Error(`refusing a redirect to ${next.protocol}`);
    const headers = { ...options.headers };
    if (next.host !== url.host) delete headers["Authorization"];
    return registryRequest(next, { ...options, headers }, redirects + 1);
  }
  return response;
}

/**
 * Sends the request; on 429 or 503 with a `Retry-After` (seconds or an HTTP date) of at most
 * MAX_RETRY_AFTER_MS, reports the wait (the Warehouse's status says so), waits as told — cancelled
 * with the discovery — and sends it again, up to MAX_RETRY_AFTER_WAITS times. A longer wait (or
 * one more refusal) is returned with `retryAfterMs` so the caller fails and is retried no sooner.
 */
async function honouringRetryAfter(url: URL, options: RegistryRequestOptions): Promise<RegistryResponse> {
  for (let waits = 0; ; waits++) {
    const response = await once(url, options);
    if (response.status !== 429 && response.status !== 503) return response;
    const waitMs = parseRetryAfter(response.headers["retry-after"]);
    if (waitMs === undefined) return response;
    if (waitMs > MAX_RETRY_AFTER_MS || waits >= MAX_RETRY_AFTER_WAITS) return { ...response, retryAfterMs: waitMs };
    reportRetryAfter({ url, status: response.status, waitMs });
    await sleep(waitMs, undefined, options.signal ? { signal: options.signal } : {});
  }
}

/** How a failure message says the registry asked to wait longer than a request does (else ""). */
export function retryAfterText(response: RegistryResponse): string {
  return response.retryAfterMs === undefined ? "" : ` (asked to retry after ${Math.ceil(response.retryAfterMs / 1000)} s)`;
}

/** Milliseconds a Retry-After value asks for: delta-seconds or an HTTP date; undefined when neither. */
export function parseRetryAfter(value: string | undefined, now = Date.now()): number | undefined {
  if (value === undefined) return undefined;
  const text = value.trim();
  if (/^\d+$/u.test(text)) return Number(text) * 1000;
  const at = Date.parse(text);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/**
 * `KARGO_DISCOVERY_ALLOWED_HOSTS` (comma-separated host names), when set, is the only hosts artifact
 * discovery may contact — as git's own GIT_ALLOW_PROTOCOL limits its remotes. `npm test` sets it to
 * the loopback names, so fixtures that name public registries (the Kargo quickstart's images) are
 * never fetched from a test. Read per request, as git reads its variable per command.
 */
function assertHostAllowed(url: URL): void {
  const allowed = process.env["KARGO_DISCOVERY_ALLOWED_HOSTS"];
  if (allowed === undefined || allowed.trim() === "") return;
  const host = url.hostname.replace(/^\[|\]$/g, "");
  if (!allowed.split(",").some((h) => h.trim() === host)) {
    throw new Error(`artifact discovery may not contact ${url.hostname}: it is not in KARGO_DISCOVERY_ALLOWED_HOSTS`);
  }
}

function once(url: URL, options: RegistryRequestOptions): Promise<RegistryResponse> {
  return new Promise((resolve, reject) => {
    const signal = AbortSignal.any([...(options.signal ? [options.signal] : []), AbortSignal.timeout(REQUEST_TIMEOUT_MS)]);
    const send = url.protocol === "https:" ? httpsRequest : httpRequest;
    const req = send(url, {
      method: options.method ?? "GET",
      headers: { "User-Agent": "kargo-api", ...options.headers, ...(options.body ? { "Content-Length": String(options.body.length) } : {}) },
      signal,
      ...(url.protocol === "https:" ? { rejectUnauthorized: options.insecureSkipTLSVerify !== true } : {}),
    });
    req.on("error", reject);
    req.on("response", (res) => {
      const declared = Number(res.headers["content-length"] ?? 0);
      if (declared > options.maxBytes) {
        res.destroy();
        reject(new ResponseTooLargeError(`${url.origin}${url.pathname} answered ${declared} bytes, more than the ${options.maxBytes} allowed`));
        return;
      }
      const chunks: Buffer[] = [];
      let size = 0;
      res.on("data", (chunk: Buffer) => {
        size += chunk.length;
        if (size > options.maxBytes) {
          res.destroy(new ResponseTooLargeError(`${url.origin}${url.pathname} answered more than the ${options.maxBytes} bytes allowed`));
          return;
        }
        chunks.push(chunk);
      });
      res.on("error", reject);
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks), url }));
    });
    req.end(options.body);
  });
}
