import type { KubeConfig, ResponseBody } from "@kubernetes/client-node";
import { ApiException, HttpMethod, IsomorphicFetchHttpLibrary, RequestContext } from "./client-node.js";
import { isRecord } from "../util/is-record.js";

/** One request to the Kubernetes API. */
export interface KubeRequest {
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  /** Absolute API path, e.g. from resourcePath(). */
  path: string;
  query?: Record<string, string | number | boolean | undefined>;
  /** JSON body. */
  body?: unknown;
  /** Content-Type of the body; default application/json. */
  contentType?: string;
  signal?: AbortSignal;
}

// client-node's own transport (undici fetch with the kubeconfig's TLS dispatcher): one shared instance.
const http = new IsomorphicFetchHttpLibrary();

/** Told about every finished request: its HTTP method, status code ("error" when none) and duration. */
export type KubeRequestObserver = (method: KubeRequest["method"], code: string, seconds: number) => void;

// Per KubeConfig rather than global: several servers in one process (tests) keep their own metrics.
const observers = new WeakMap<KubeConfig, KubeRequestObserver>();

/** Reports every later kubeRequest made with `kubeConfig` to `observer` (the operator metrics). */
export function observeKubeRequests(kubeConfig: KubeConfig, observer: KubeRequestObserver): void {
  observers.set(kubeConfig, observer);
}

/** The observer of `kubeConfig`'s requests, to pass on to a configuration derived from it. */
export function kubeRequestObserverOf(kubeConfig: KubeConfig): KubeRequestObserver | undefined {
  return observers.get(kubeConfig);
}

/**
 * Sends one request through client-node's transport with the kubeconfig's credentials and TLS
 * settings, and returns the parsed JSON answer. A non-2xx answer throws client-node's
 * ApiException with the HTTP code and the parsed `Status` as body, exactly as the generated API
 * classes do, so toConnectError treats both alike. Network failures throw as fetch does.
 *
 * Why not CustomObjectsApi/CoreV1Api: one code path for every registered type (core, RBAC, CRDs),
 * with paths built from the registry, and any Content-Type for patches.
 */
export async function kubeRequest(kubeConfig: KubeConfig, request: KubeRequest): Promise<unknown> {
  const observer = observers.get(kubeConfig);
  const started = performance.now();
  let code = "error";
  try {
    const answer = await send(kubeConfig, request);
    code = String(answer.status);
    return answer.body;
  } catch (error) {
    if (error instanceof ApiException) code = String(error.code);
    throw error;
  } finally {
    observer?.(request.method, code, (performance.now() - started) / 1000);
  }
}

async function send(kubeConfig: KubeConfig, request: KubeRequest): Promise<{ status: number; body: unknown }> {
  const cluster = kubeConfig.getCurrentCluster();
  if (!cluster) throw new Error("the kubeconfig has no current cluster");
  const url = new URL(cluster.server.replace(/\/+$/, "") + request.path);
  for (const [key, value] of Object.entries(request.query ?? {})) {
    if (value !== undefined) url.searchParams.set(key, String(value));
  }
  const context = new RequestContext(url.toString(), HttpMethod[request.method]);
  context.setHeaderParam("Accept", "application/json");
  if (request.body !== undefined) {
    context.setHeaderParam("Content-Type", request.contentType ?? "application/json");
    context.setBody(JSON.stringify(request.body));
  }
  if (request.signal) context.setSignal(request.signal);
  await kubeConfig.applySecurityAuthentication(context);
  const response = await http.send(context).toPromise();
  const text = await readResponseText(response.body);
  const parsed = parseJson(text);
  if (response.httpStatusCode < 200 || response.httpStatusCode > 299) {
    const message = isRecord(parsed) && typeof parsed["message"] === "string" ? parsed["message"] : `HTTP ${response.httpStatusCode}`;
    throw new ApiException(response.httpStatusCode, message, parsed ?? text, response.headers);
  }
  return { status: response.httpStatusCode, body: parsed };
}

/**
 * The body as text, decoded chunk by chunk as it arrives. undici's text() first copies every chunk
 * into one buffer the size of the whole body, and an informer's list pages are ~400 KB each: at a
 * start-up with 100,000 objects those buffers left ~7 MiB of freed malloc memory resident
 * (bench/README.md, "Start-up memory, third pass"). The pieces joined here live on V8's heap, which
 * returns them.
 */
export async function readResponseText(body: ResponseBody): Promise<string> {
  const stream = body.stream();
  if (!stream) return body.text();
  const decoder = new TextDecoder();
  let text = "";
  for await (const chunk of stream) text += decoder.decode(chunk, { stream: true });
  return text + decoder.decode();
}

function parseJson(text: string): unknown {
  if (text === "") return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
