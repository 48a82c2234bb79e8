import type { Code } from "@connectrpc/connect";
import type { ServerRequest as NodeServerRequest, ServerResponse as NodeServerResponse } from "./node-types.js";
import type { Logger } from "pino";
import { codeName } from "../code-name.js";
import type { CallRecord } from "../context/call-record-key.js";
import { protocolOf } from "../protocol-of.js";
import type { RpcMetrics } from "../rpc-metrics.js";

// The Connect protocol's HTTP status for each code, read backwards (the body, which names the code, is
// already sent). Where two codes share a status the likelier one for a rejected request is chosen.
const connectCodeByStatus: Record<number, string> = {
  400: "invalid_argument",
  401: "unauthenticated",
  403: "permission_denied",
  404: "unimplemented",
  408: "deadline_exceeded",
  409: "aborted",
  412: "failed_precondition",
  413: "resource_exhausted",
  415: "unimplemented",
  429: "resource_exhausted",
  499: "canceled",
  500: "internal",
  501: "unimplemented",
  503: "unavailable",
  504: "deadline_exceeded",
};

/**
 * Logs and counts a call that ended before any interceptor saw it: the
 * router rejected it (malformed or oversized message, wrong content type,
 * unknown procedure). Its code is the final status the HTTP layer followed
 * (see final-status.ts); failing that, the grpc-status header for gRPC and
 * gRPC-Web or the HTTP status for Connect.
 */
export function observeRejectedCall(
  req: NodeServerRequest,
  res: NodeServerResponse,
  record: CallRecord,
  requestId: string,
  logger: Logger,
  metrics: RpcMetrics,
): void {
  const procedure = (req.url ?? "/").split("?")[0];
  const protocol = protocolOf(req.headers["content-type"]);
  let code: string;
  if (record.finalStatus !== undefined) {
    code = codeName(record.finalStatus === 0 ? undefined : (record.finalStatus as Code));
  } else if (protocol === "connect") {
    code = res.statusCode === 200 ? "ok" : (connectCodeByStatus[res.statusCode] ?? "unknown");
  } else {
    const status = Number(res.getHeader("grpc-status") ?? NaN);
    code = Number.isInteger(status) ? codeName(status === 0 ? undefined : (status as Code)) : "unknown";
  }
  const seconds = (performance.now() - record.startedAt) / 1000;
  // Unknown paths are not procedures; one label for all of them keeps the metric's cardinality bounded.
  const label = res.statusCode === 404 || code === "unimplemented" ? "unknown" : procedure;
  metrics.handled.inc({ procedure: label, protocol, code });
  metrics.duration.observe({ procedure: label, code }, seconds);
  logger.info({ requestId, procedure, protocol, code, httpStatus: res.statusCode, durationMs: Math.round(seconds * 1e6) / 1000 }, "rpc rejected");
}
