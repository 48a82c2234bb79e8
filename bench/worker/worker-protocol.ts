/** One request from the load generator to a server worker (over the child-process IPC channel). */
export interface WorkerRequest {
  readonly id: number;
  readonly op: string;
  readonly args?: unknown;
}

/** The worker's answer to the request with the same id. */
export type WorkerReply =
  | { readonly id: number; readonly ok: true; readonly value: unknown }
  | { readonly id: number; readonly ok: false; readonly error: string };

/** process.memoryUsage() after two full GCs, in bytes. */
export interface MemorySample {
  readonly rss: number;
  /** The JS heap V8 holds from the system (used or not): part of the RSS that is not objects. */
  readonly heapTotal: number;
  readonly heapUsed: number;
  readonly external: number;
  readonly arrayBuffers: number;
}

/** Requests and their number per "METHOD /path" (" (watch)" appended for watches). */
export interface RouteCount {
  readonly total: number;
  readonly byRoute: Record<string, number>;
}

/**
 * What the embedded API saw: every request it served, counted from its "request" debug lines
 * (API server and embedded controllers), and those of the API server alone (its HTTPS listener).
 */
export interface KubeRequestCount extends RouteCount {
  readonly apiServer: RouteCount;
  /** "rpc failed" lines of the API server (not printed; counted). */
  readonly rpcFailures: number;
}
