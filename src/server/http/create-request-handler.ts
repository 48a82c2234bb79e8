import { Code, createContextValues, type ConnectRouter, type Interceptor } from "@connectrpc/connect";
import type { ServerRequest as NodeServerRequest, ServerResponse as NodeServerResponse } from "./node-types.js";
import type { Logger } from "pino";
import { callRecordKey, type CallRecord } from "../context/call-record-key.js";
import { peerAddressKey } from "../context/peer-address-key.js";
import { requestIdKey } from "../context/request-id-key.js";
import { requestIdFrom, requestIdHeader } from "../interceptors/request-id-interceptor.js";
import type { RpcMetrics } from "../rpc-metrics.js";
import type { BodyGate } from "./body-gate.js";
import type { CorsDecision } from "./cors-policy.js";
import { observeRejectedCall } from "./observe-rejected-call.js";
import { answerUnknownProcedure } from "./unknown-procedure.js";
import { createRpcHandler } from "./create-rpc-handler.js";

/** What the HTTP request handler is made of. */
export interface RequestHandlerDeps {
  readonly routes: (router: ConnectRouter) => void;
  readonly interceptors: Interceptor[];
  readonly maxRequestBytes: number;
  /** Deepest nesting of a JSON request message (MAX_NESTING_DEPTH). */
  readonly maxNestingDepth: number;
  /** Runs before a request body is read (authentication); see body-gate.ts. */
  readonly bodyGate?: BodyGate;
  /** Aborted when shutdown begins; the signal of every streaming call follows it (unary calls finish). */
  readonly shutdownSignal: AbortSignal;
  readonly cors: (method: string, headers: NodeServerRequest["headers"]) => CorsDecision;
  /** Serves /healthz, /readyz and /metrics; false for other paths. */
  readonly plainEndpoints: (req: NodeServerRequest, res: NodeServerResponse) => boolean;
  readonly logger: Logger;
  readonly metrics: RpcMetrics;
}

/**
 * The one Node request listener behind every transport (HTTP/1.1, h2c,
 * TLS). In order: assign the request id (echoed on every response), answer
 * plain endpoints, apply CORS, then hand the request to the Connect router
 * (Connect, gRPC and gRPC-Web; request messages limited to maxRequestBytes,
 * larger → RESOURCE_EXHAUSTED). Unknown paths answer UNIMPLEMENTED.
 */
export function createRequestHandler(deps: RequestHandlerDeps): (req: NodeServerRequest, res: NodeServerResponse) => void {
  const rpc = createRpcHandler({
    routes: deps.routes,
    interceptors: deps.interceptors,
    readMaxBytes: deps.maxRequestBytes,
    maxNestingDepth: deps.maxNestingDepth,
    bodyGate: deps.bodyGate,
    streamShutdownSignal: deps.shutdownSignal,
    fallback(req, res, values) {
      const record = values.get(callRecordKey);
      if (record) record.finalStatus = Code.Unimplemented;
      answerUnknownProcedure(req, res);
    },
    logger: deps.logger,
  });
  return (req, res) => {
    const record: CallRecord = { startedAt: performance.now(), intercepted: false };
    const requestId = requestIdFrom(first(req.headers[requestIdHeader]));
    res.setHeader(requestIdHeader, requestId);
    if (deps.plainEndpoints(req, res)) {
      return;
    }
    const cors = deps.cors(req.method ?? "GET", req.headers);
    switch (cors.kind) {
      case "preflight":
        res.writeHead(204, cors.headers);
        res.end();
        return;
      case "forbidden":
        res.writeHead(403, { "content-type": "text/plain; charset=utf-8", vary: "Origin" });
        res.end("origin not allowed\n");
        return;
      case "request":
        for (const [k, v] of Object.entries(cors.headers)) {
          if (v !== undefined) res.setHeader(k, v);
        }
        break;
    }
    res.once("close", () => {
      if (!record.intercepted) {
        observeRejectedCall(req, res, record, requestId, deps.logger, deps.metrics);
      }
    });
    // The call's context values, made here and handed over (not looked up again by request).
    const values = createContextValues()
      .set(requestIdKey, requestId)
      .set(callRecordKey, record)
      .set(peerAddressKey, req.socket?.remoteAddress ?? "");
    rpc(req, res, values);
  };
}

function first(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}
