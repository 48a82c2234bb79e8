import { ConnectError, type Interceptor } from "@connectrpc/connect";
import { callRecordKey } from "../context/call-record-key.js";
import { codeName } from "../code-name.js";
import { protocolOf } from "../protocol-of.js";
import type { RpcMetrics } from "../rpc-metrics.js";
import type { CallEnd } from "../../kube/index.js";
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
  const { openStreams } = deps.metrics;
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
    return observeCall(next, req, countCallEnd(deps.metrics, procedure, protocolOf(req.header.get("content-type")), startedAt, streaming));
  };
}

/**
 * The callback counting a call's end. Made here, outside the interceptor, so that it holds only its
 * arguments: it outlives the RPC pipeline of a handed-off watch stream (WatchHandOff), and a
 * closure made inside the interceptor would keep that whole pipeline through its context.
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
