import { ConnectError, type Interceptor } from "@connectrpc/connect";
import { callRecordKey } from "../context/call-record-key.js";
import { codeName } from "../code-name.js";
import { protocolOf } from "../protocol-of.js";
import type { RpcMetrics } from "../rpc-metrics.js";
import { observeCall } from "./observe-call.js";

/** What the metrics interceptor needs. */
export interface MetricsInterceptorDeps {
  readonly metrics: RpcMetrics;
}

/**
 * Counts finished calls and their duration by procedure and code, and keeps
 * the open-streams gauge for streaming calls.
 */
export function createMetricsInterceptor(deps: MetricsInterceptorDeps): Interceptor {
  const { handled, duration, openStreams } = deps.metrics;
  return (next) => async (req) => {
    const record = req.contextValues.get(callRecordKey);
    if (record) {
      record.intercepted = true;
    }
    const startedAt = record?.startedAt ?? performance.now();
    const procedure = `/${req.service.typeName}/${req.method.name}`;
    const streaming = req.method.methodKind !== "unary";
    if (streaming) {
      openStreams.inc({ procedure });
    }
    // Read now: the callback outlives the request of a handed-off watch stream, and keeps only this.
    const protocol = protocolOf(req.header.get("content-type"));
    return observeCall(next, req, (error, abandoned) => {
      const code = abandoned ? "canceled" : codeName(error === undefined ? undefined : ConnectError.from(error).code);
      handled.inc({ procedure, protocol, code });
      duration.observe({ procedure, code }, (performance.now() - startedAt) / 1000);
      if (streaming) {
        openStreams.dec({ procedure });
      }
    });
  };
}
