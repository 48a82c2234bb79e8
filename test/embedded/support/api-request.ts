import { request } from "node:https";
import type { EmbeddedControlPlane } from "../../../src/embedded/index.js";

/** A raw HTTP answer from the embedded API. */
export interface ApiResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  /** The body parsed as JSON (undefined when it is not JSON). */
  json: any;
}

/** Options of apiRequest. */
export interface ApiRequestOptions {
  method?: string;
  /** Bearer token; default the API server's own token; null sends none. */
  token?: string | null;
  body?: string | Buffer | object;
  headers?: Record<string, string>;
}

/**
 * One raw request to the embedded API over HTTPS, trusting its self-signed certificate: for
 * what typed clients cannot send (malformed JSON, oversize bodies, no token).
 */
export function apiRequest(controlPlane: EmbeddedControlPlane, path: string, options: ApiRequestOptions = {}): Promise<ApiResponse> {
  const token = options.token === undefined ? controlPlane.serverToken : options.token;
  const body =
    options.body === undefined ? undefined : typeof options.body === "string" || Buffer.isBuffer(options.body) ? options.body : JSON.stringify(options.body);
  return new Promise((resolve, reject) => {
    const req = request(
      new URL(path, controlPlane.url),
      {
        method: options.method ?? "GET",
        ca: controlPlane.caCertificate,
        headers: {
          ...(token ? { Authorization: `Bearer ${token}` } : {}),
          ...(body !== undefined ? { "Content-Type": "application/json" } : {}),
          ...options.headers,
        },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.on("end", () => {
          const text = Buffer.concat(chunks).toString("utf8");
          let json: unknown;
          try {
            json = JSON.parse(text);
          } catch {
            json = undefined;
          }
          resolve({ status: response.statusCode ?? 0, headers: response.headers, text, json });
        });
        response.on("error", reject);
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}
