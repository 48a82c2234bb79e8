import { request as httpRequest, type IncomingHttpHeaders } from "node:http";
import { request as httpsRequest } from "node:https";

/** A registry's answer, its body read in full (bounded). */
export interface RegistryResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
  /** The URL that answered (after redirects). */
  url: URL;
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
  const response = await once(url, options);
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
