import { Code, ConnectError, createConnectRouter, type ConnectRouter, type ConnectRouterOptions, type ContextValues } from "@connectrpc/connect";
import { compressionBrotli, compressionGzip, universalRequestFromNodeRequest, universalResponseToNodeResponse } from "@connectrpc/connect-node";
import type { Logger } from "pino";
import type { ServerRequest, ServerResponse } from "./node-types.js";
import { callRecordKey } from "../context/call-record-key.js";
import { withFinalStatus } from "./final-status.js";

/** Options of createRpcHandler. */
export interface RpcHandlerOptions extends ConnectRouterOptions {
  readonly routes: (router: ConnectRouter) => void;
  readonly contextValues: (req: ServerRequest) => ContextValues;
  /** Answers paths no RPC is registered under. */
  readonly fallback: (req: ServerRequest, res: ServerResponse) => void;
  readonly logger: Logger;
  /**
   * Aborted when shutdown begins: the signal of every streaming call follows it, so streams end
   * (with its reason, UNAVAILABLE) and handlers watching their signal stop. Unary calls do not
   * follow it: shutdown lets them finish and return their results (connect-es's own
   * `shutdownSignal` option would abort them too, and a handler that checks its signal between
   * steps would then give up half-way with CANCELED, its work done but never reported).
   */
  readonly streamShutdownSignal?: AbortSignal;
}

/**
 * The Connect router as a Node request handler: connect-node's
 * `connectNodeAdapter`, plus what it cannot be told to do: each response's
 * final status is followed (withFinalStatus), so that requests that failed
 * protobuf decoding get INVALID_ARGUMENT rather than INTERNAL and calls no
 * interceptor saw are logged with their real code; and a failure writing a
 * response is logged with the server's logger instead of console.error; and
 * shutdown aborts streaming calls only (see `streamShutdownSignal`).
 */
export function createRpcHandler(options: RpcHandlerOptions): (req: ServerRequest, res: ServerResponse) => void {
  const router = createConnectRouter({ acceptCompression: [compressionGzip, compressionBrotli], ...options });
  options.routes(router);
  const paths = new Map(router.handlers.map((h) => [h.requestPath, h]));
  return (req, res) => {
    const handler = paths.get((req.url ?? "").split("?", 2)[0]);
    if (!handler) {
      options.fallback(req, res);
      return;
    }
    const nodeRes = res as unknown as Parameters<typeof universalResponseToNodeResponse>[1];
    const values = options.contextValues(req);
    const record = values.get(callRecordKey);
    const request = universalRequestFromNodeRequest(req, nodeRes, undefined, values);
    const shutdown = options.streamShutdownSignal;
    const uReq = shutdown && handler.method.methodKind !== "unary" ? { ...request, signal: AbortSignal.any([request.signal, shutdown]) } : request;
    handler(uReq)
      .then((uRes) => withFinalStatus(uRes, (code) => record && (record.finalStatus = code)))
      .then((uRes) => universalResponseToNodeResponse(uRes, nodeRes))
      .catch((reason: unknown) => {
        // Aborted: the client went away while the response was written; nothing to report.
        if (ConnectError.from(reason).code !== Code.Aborted) {
          options.logger.warn({ err: reason, procedure: handler.requestPath }, "writing the response failed");
        }
      });
  };
}
