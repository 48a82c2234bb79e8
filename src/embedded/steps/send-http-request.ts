import { Agent as HttpAgent, request as httpRequest, type IncomingHttpHeaders } from "node:http";
import { Agent as HttpsAgent, request as httpsRequest } from "node:https";

/** An answer of sendHttpRequest, its body read whole (bounded). */
export interface HttpAnswer {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/** Options of sendHttpRequest. */
export interface SendHttpRequestOptions {
  method: string;
  headers: Headers;
  body?: string | undefined;
  /** Ends the request (the step's timeout and cancellation). */
  signal: AbortSignal;
  /** A forward proxy (`http://` or `https://` URL) every request goes through. */
  proxy?: URL | undefined;
  insecureSkipTLSVerify?: boolean | undefined;
  /** A larger body fails the request before more of it is read. */
  maxBytes: number;
}

/** Redirects followed, as Go's http.Client does. */
const MAX_REDIRECTS = 10;

/**
 * One HTTP(S) request as Kargo's `http` step sends it with Go's http.Client: redirects followed (at
 * most 10; 301/302/303 become a GET without body; Authorization and Cookie dropped on the way to
 * another host), the body bounded as it streams in. Written over node:http rather than fetch
 * because the step's `proxy` and `insecureSkipTLSVerify` apply to this request alone: Node's own
 * Agent `proxyEnv` sends it through the proxy (absolute-form requests for http://, CONNECT
 * tunnels for https://), so no proxy client of our own is needed.
 */
export async function sendHttpRequest(url: URL, options: SendHttpRequestOptions): Promise<HttpAnswer> {
  let target = url;
  let method = options.method;
  let body = options.body;
  const headers = new Headers(options.headers);
  for (let redirects = 0; ; redirects++) {
    const answer = await once(target, method, headers, body, options);
    const location = answer.headers.location;
    if (answer.status < 300 || answer.status >= 400 || answer.status === 304 || location === undefined) return answer;
    if (redirects >= MAX_REDIRECTS) throw new Error(`stopped after ${MAX_REDIRECTS} redirects`);
    const next = new URL(location, target);
    if (next.protocol !== "http:" && next.protocol !== "https:") throw new Error(`refusing a redirect to ${next.protocol}`);
    if (next.host !== target.host) {
      headers.delete("authorization");
      headers.delete("cookie");
    }
    if (answer.status === 301 || answer.status === 302 || answer.status === 303) {
      if (method !== "GET" && method !== "HEAD") method = "GET";
      body = undefined;
      headers.delete("content-type");
    }
    target = next;
  }
}

function once(url: URL, method: string, headers: Headers, body: string | undefined, options: SendHttpRequestOptions): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const https = url.protocol === "https:";
    const proxyEnv = options.proxy ? { HTTP_PROXY: options.proxy.href, HTTPS_PROXY: options.proxy.href } : undefined;
    const agent = https
      ? new HttpsAgent({ ...(proxyEnv ? { proxyEnv } : {}), rejectUnauthorized: options.insecureSkipTLSVerify !== true })
      : proxyEnv
        ? new HttpAgent({ proxyEnv })
        : undefined;
    const send = https ? httpsRequest : httpRequest;
    const req = send(url, {
      method,
      headers: {
        "User-Agent": "kargo-api",
        ...Object.fromEntries(headers),
        ...(body !== undefined ? { "Content-Length": String(Buffer.byteLength(body)) } : {}),
      },
      signal: options.signal,
      ...(agent ? { agent } : {}),
    });
    const done = () => agent?.destroy();
    req.on("error", (error) => {
      done();
      reject(error);
    });
    req.on("response", (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      const tooLarge = () => new Error(`the response is larger than ${options.maxBytes} bytes`);
      if (Number(res.headers["content-length"] ?? 0) > options.maxBytes) {
        res.destroy();
        done();
        reject(tooLarge());
        return;
      }
      res.on("data", (chunk: Buffer) => {
        size += chunk.length;
        if (size > options.maxBytes) res.destroy(tooLarge());
        else chunks.push(chunk);
      });
      res.on("error", (error) => {
        done();
        reject(error);
      });
      res.on("end", () => {
        done();
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) });
      });
    });
    req.end(body);
  });
}
