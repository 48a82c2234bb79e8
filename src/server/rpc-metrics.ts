import { Gauge, Registry, collectDefaultMetrics } from "prom-client";
import { LabelledCounter, LabelledHistogram } from "./labelled-metrics.js";

/** The server's Prometheus metrics, in their own registry (one per server, so tests can run several). */
export interface RpcMetrics {
  readonly registry: Registry;
  /** Finished RPCs by procedure, protocol and code. */
  readonly handled: LabelledCounter<"procedure" | "protocol" | "code">;
  /** Duration of finished RPCs in seconds, by procedure and code. */
  readonly duration: LabelledHistogram<"procedure" | "code">;
  /** Streaming RPCs currently open, by procedure. */
  readonly openStreams: Gauge<"procedure">;
}

/** Creates the RPC metrics and the process metrics, registered in a new registry. */
export function createRpcMetrics(): RpcMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: "kargo_api_" });
  return {
    registry,
    // Updated on every RPC: prom-client's text, without its per-update label key (labelled-metrics.ts).
    handled: new LabelledCounter({
      name: "kargo_api_rpc_handled_total",
      help: "RPCs finished, by procedure, protocol and status code.",
      labelNames: ["procedure", "protocol", "code"],
      registers: [registry],
    }),
    duration: new LabelledHistogram({
      name: "kargo_api_rpc_duration_seconds",
      help: "Time from request to final status, by procedure and status code (streams: their whole life).",
      labelNames: ["procedure", "code"],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 60, 300],
      registers: [registry],
    }),
    openStreams: new Gauge({
      name: "kargo_api_rpc_open_streams",
      help: "Streaming RPCs currently open, by procedure.",
      labelNames: ["procedure"],
      registers: [registry],
    }),
  };
}
