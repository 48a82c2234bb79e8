import type { Interceptor } from "@connectrpc/connect";
import { createConnectTransport } from "@connectrpc/connect-node";
import { kargoClientsFor, type KargoClient } from "./kargo-clients.js";
import { kargoInterceptors, type KargoClientOptions } from "./kargo-client-options.js";

/** Options of {@link createKargoClient}: the common ones plus the Node transport's HTTP version. */
export interface KargoNodeClientOptions extends KargoClientOptions {
  /** "1.1" (default: works through every proxy) or "2" (h2c or TLS with ALPN). */
  readonly httpVersion?: "1.1" | "2";
}

/**
 * Typed clients of every Kargo API service for Node, over Connect (@connectrpc/connect-node).
 *
 * ```ts
 * const kargo = createKargoClient("http://localhost:8080", { auth: adminLogin({ password }) });
 * const { projects } = await kargo.projects.listProjects({});
 * ```
 */
export function createKargoClient(baseUrl: string, options: KargoNodeClientOptions = {}): KargoClient {
  const common = {
    baseUrl,
    httpVersion: options.httpVersion ?? "1.1",
    useBinaryFormat: options.useBinaryFormat,
    defaultTimeoutMs: options.defaultTimeoutMs,
  } as const;
  const transport = (interceptors: Interceptor[]) => createConnectTransport({ ...common, interceptors });
  return kargoClientsFor(transport(kargoInterceptors(options, transport)));
}
