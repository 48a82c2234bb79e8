import type { Interceptor } from "@connectrpc/connect";
import { createConnectTransport } from "@connectrpc/connect-web";
import { kargoClientsFor, type KargoClient } from "./kargo-clients.js";
import { kargoInterceptors, type KargoClientOptions } from "./kargo-client-options.js";

/** Options of {@link createKargoWebClient}: the common ones plus the fetch to use. */
export interface KargoWebClientOptions extends KargoClientOptions {
  /** fetch implementation (e.g. one that sets `credentials`); default globalThis.fetch. */
  readonly fetch?: typeof globalThis.fetch;
}

/**
 * Typed clients of every Kargo API service for browsers (or any runtime with fetch and streams),
 * over Connect (@connectrpc/connect-web). The server must allow the page's origin
 * (CORS_ALLOWED_ORIGINS). Import it from "kargo-api-client/web" in bundles, which leaves Node's
 * transport out.
 */
export function createKargoWebClient(baseUrl: string, options: KargoWebClientOptions = {}): KargoClient {
  const common = { baseUrl, useBinaryFormat: options.useBinaryFormat, defaultTimeoutMs: options.defaultTimeoutMs, fetch: options.fetch };
  const transport = (interceptors: Interceptor[]) => createConnectTransport({ ...common, interceptors });
  return kargoClientsFor(transport(kargoInterceptors(options, transport)));
}
