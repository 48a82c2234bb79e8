import { ConnectError } from "@connectrpc/connect";
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
  const { handled, duration, openStreams } = deps.metrics;
  return (req, startedAt, procedure) => {
    const streaming = req.method.methodKind !== "unary";
    if (streaming) {
      openStreams.inc({ procedure });
    }
    return (error, abandoned) => {
      const code = abandoned ? "canceled" : codeName(error === undefined ? undefined : ConnectError.from(error).code);
      handled.inc({ procedure, protocol: protocolOf(req.header.get("content-type")), code });
      duration.observe({ procedure, code }, (performance.now() - startedAt) / 1000);
      if (streaming) {
        openStreams.dec({ procedure });
      }
    };
  };
}
