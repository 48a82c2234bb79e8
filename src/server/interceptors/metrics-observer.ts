import { ConnectError } from "@connectrpc/connect";
import type { CallEnd } from "../../kube/index.js";
import { codeName } from "../code-name.js";
import { protocolOf } from "../protocol-of.js";
import type { RpcMetrics } from "../rpc-metrics.js";
import type { CallObserver } from "./observe-call.js";

/** What the metrics observer needs. */
export interface MetricsObserverDeps {
  readonly metrics: RpcMetrics;
}

/**
 * Counts finished calls and their duration by procedure and code, and keeps
 * the open-streams gauge for streaming calls.
 */
export function metricsObserver(deps: MetricsObserverDeps): CallObserver {
  const { openStreams } = deps.metrics;
  return (req, startedAt, procedure) => {
    const streaming = req.method.methodKind !== "unary";
    if (streaming) {
      openStreams.inc({ procedure });
    }
    return countCallEnd(deps.metrics, procedure, protocolOf(req.header.get("content-type")), startedAt, streaming);
  };
}

/**
 * The callback counting a call's end. Made here, outside the observer, so that it holds only its
 * arguments: it outlives the RPC pipeline of a handed-off watch stream (WatchHandOff), and a
 * closure made inside would keep the request, and through it the pipeline.
 */
function countCallEnd(metrics: RpcMetrics, procedure: string, protocol: string, startedAt: number, streaming: boolean): CallEnd {
  return (error, abandoned) => {
    const code = abandoned ? "canceled" : codeName(error === undefined ? undefined : ConnectError.from(error).code);
    metrics.handled.inc({ procedure, protocol, code });
    metrics.duration.observe({ procedure, code }, (performance.now() - startedAt) / 1000);
    if (streaming) {
      metrics.openStreams.dec({ procedure });
    }
  };
}
