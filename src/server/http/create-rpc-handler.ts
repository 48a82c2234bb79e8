import { Code, ConnectError, createConnectRouter, type ConnectRouter, type ConnectRouterOptions, type ContextValues } from "@connectrpc/connect";
import { compressionBrotli, compressionGzip, universalRequestFromNodeRequest, universalResponseToNodeResponse } from "@connectrpc/connect-node";
import type { UniversalServerResponse } from "@connectrpc/connect/protocol";
import type { Logger } from "pino";
import type { ServerRequest, ServerResponse } from "./node-types.js";
import { callRecordKey } from "../context/call-record-key.js";
import { splicedJsonKey, type SplicedJsonSlot } from "../context/spliced-json-key.js";
import { binaryFormatKey } from "../context/binary-format-key.js";
import { usesBinaryFormat } from "../encoding/uses-binary-format.js";
import { usesConnectUnaryJson } from "../encoding/uses-connect-unary-json.js";
import { gatedBody, type BodyGate } from "./body-gate.js";
import { checkedJsonText } from "./checked-json-text.js";
import { watchHandOffKey } from "../../kube/index.js";
import { createDirectFormats } from "./direct-formats.js";
import { DirectWatchStream, handedOffBody } from "./direct-watch-stream.js";
import { withFinalStatus } from "./final-status.js";
import { withSplicedJsonBody } from "./with-spliced-json-body.js";
import { strictDecompression } from "./strict-decompression.js";

/** Options of createRpcHandler. */
export interface RpcHandlerOptions extends ConnectRouterOptions {
  readonly routes: (router: ConnectRouter) => void;
  /** Answers paths no RPC is registered under (`values`: the call's context values). */
  readonly fallback: (req: ServerRequest, res: ServerResponse, values: ContextValues) => void;
  readonly logger: Logger;
  /**
   * Aborted when shutdown begins: the signal of every streaming call follows it, so streams end
   * (with its reason, UNAVAILABLE) and handlers watching their signal stop. Unary calls do not
   * follow it: shutdown lets them finish and return their results (connect-es's own
   * `shutdownSignal` option would abort them too, and a handler that checks its signal between
   * steps would then give up half-way with CANCELED, its work done but never reported).
   */
  readonly streamShutdownSignal?: AbortSignal;
  /** Deepest nesting of arrays/objects a JSON request message may have (MAX_NESTING_DEPTH). */
  readonly maxNestingDepth: number;
  /** Must let a call through before its body is read (authentication); see body-gate.ts. */
  readonly bodyGate?: BodyGate;
}

/**
 * The Connect router as a Node request handler: connect-node's
 * `connectNodeAdapter`, plus what it cannot be told to do: each response's
 * final status is followed (withFinalStatus), so that requests that failed
 * protobuf decoding get INVALID_ARGUMENT rather than INTERNAL and calls no
 * interceptor saw are logged with their real code; and a failure writing a
 * response is logged with the server's logger instead of console.error; and
 * shutdown aborts streaming calls only (see `streamShutdownSignal`). A server
 * stream is offered the watch hand-off (WatchHandOff, direct-watch-stream.ts):
 * once its handler has sent the snapshot, this layer writes its events itself.
 */
export function createRpcHandler(options: RpcHandlerOptions): (req: ServerRequest, res: ServerResponse, values: ContextValues) => void {
  // connect-es turns JSON request bytes into text with this decoder, then JSON.parse: checking
  // here covers every protocol with the JSON codec, after decompression and envelopes. (The
  // router's type leaves the serialization's textDecoder option out; it passes it through.
  // ignoreUnknownFields is connect-es's own default, restated.)
  const jsonOptions = { ignoreUnknownFields: true, textDecoder: { decode: (data = new Uint8Array()) => checkedJsonText(data, options.maxNestingDepth) } };
  const routerOptions = {
    acceptCompression: [compressionGzip, compressionBrotli].map(strictDecompression),
    jsonOptions,
    ...options,
  };
  const router = createConnectRouter(routerOptions);
  const directFormats = createDirectFormats(routerOptions);
  options.routes(router);
  const paths = new Map(router.handlers.map((h) => [h.requestPath, h]));
  return (req, res, values) => {
    const url = req.url ?? "";
    const query = url.indexOf("?");
    const handler = paths.get(query === -1 ? url : url.slice(0, query));
    if (!handler) {
      options.fallback(req, res, values);
      return;
    }
    const nodeRes = res as unknown as Parameters<typeof universalResponseToNodeResponse>[1];
    const record = values.get(callRecordKey);
    // The message format, decided once for the encode-once interceptor (binaryFormatKey); Connect
    // unary JSON: the interceptors may hand over a pre-assembled body (issue 18).
    const contentType = req.headers["content-type"] ?? null;
    const binary = usesBinaryFormat(contentType, req.method ?? "", url);
    values.set(binaryFormatKey, binary);
    let slot: SplicedJsonSlot | undefined;
    if (!binary && handler.method.methodKind === "unary" && usesConnectUnaryJson(contentType, req.method ?? "", url)) {
      slot = {};
      values.set(splicedJsonKey, slot);
    }
    const request = universalRequestFromNodeRequest(req, nodeRes, undefined, values);
    const shutdown = options.streamShutdownSignal;
    const uReq = shutdown && handler.method.methodKind !== "unary" ? { ...request, signal: AbortSignal.any([request.signal, shutdown]) } : request;
    // A server stream whose handler may hand its established watch to this layer (issue 18).
    let direct: DirectWatchStream | undefined;
    if (handler.method.methodKind === "server_streaming") {
      const format = directFormats.of(handler.method.output, uReq.header);
      if (format !== undefined) {
        direct = new DirectWatchStream(res, format, uReq.signal);
        values.set(watchHandOffKey, direct);
      }
    }
    const gate = options.bodyGate?.({ service: handler.service.typeName, method: handler.method.name, header: uReq.header, contextValues: values });
    if (gate !== undefined) {
      // Whoever reads the body (or, for a Connect GET, the interceptors) sees the rejection;
      // this keeps it from being reported as unhandled when nobody does.
      gate.catch(() => {});
      if (isByteStream(uReq.body)) uReq.body = gatedBody(uReq.body, gate);
    }
    // The callbacks below live as long as the response (a watch: for hours) and must not keep the
    // request (its body's pipeline, its context values): they read only what is taken out here.
    const acceptEncoding = uReq.header.get("accept-encoding");
    const onStatus = (code: number) => {
      if (record) record.finalStatus = code;
    };
    // One step from the handler's response to the write when nothing is asynchronous in between
    // (a Connect unary success without a spliced body): each `.then` was microtask hops per call.
    const write = (uRes: UniversalServerResponse): Promise<void> => {
      const handedOff =
        direct === undefined || uRes.body === undefined || !isByteStream(uRes.body) ? uRes : { ...uRes, body: handedOffBody(uRes.body, direct, uRes.trailer) };
      const final = withFinalStatus(handedOff, onStatus);
      return final instanceof Promise ? final.then((r) => universalResponseToNodeResponse(r, nodeRes)) : universalResponseToNodeResponse(final, nodeRes);
    };
    handler(uReq)
      .then((uRes) => (slot === undefined ? write(uRes) : withSplicedJsonBody(uRes, slot, acceptEncoding, routerOptions).then(write)))
      .catch((reason: unknown) => {
        // Aborted: the client went away while the response was written; nothing to report.
        if (ConnectError.from(reason).code !== Code.Aborted) {
          options.logger.warn({ err: reason, procedure: handler.requestPath }, "writing the response failed");
        }
      });
  };
}

function isByteStream(body: unknown): body is AsyncIterable<Uint8Array> {
  return typeof body === "object" && body !== null && Symbol.asyncIterator in body;
}
