import type { ServerRequest as NodeServerRequest, ServerResponse as NodeServerResponse } from "./node-types.js";
import { Code } from "@connectrpc/connect";
import { protocolOf } from "../protocol-of.js";

/**
 * Answers a request for a path no RPC is registered under with
 * UNIMPLEMENTED in the caller's protocol: a gRPC or gRPC-Web trailers-only
 * response with grpc-status 12, or a Connect error body with HTTP 404 (which
 * Connect clients also read as `unimplemented`). connect-node's own fallback
 * is a bare 404, which gRPC tools report as a transport failure.
 */
export function answerUnknownProcedure(req: NodeServerRequest, res: NodeServerResponse): void {
  const path = (req.url ?? "/").split("?")[0];
  const message = `${path} is not a procedure served here`;
  const protocol = protocolOf(req.headers["content-type"]);
  if (protocol !== "connect") {
    res.writeHead(200, {
      "content-type": protocol === "grpc" ? "application/grpc" : "application/grpc-web+proto",
      "grpc-status": String(Code.Unimplemented),
      "grpc-message": encodeURIComponent(message),
    });
    res.end();
    return;
  }
  const body = JSON.stringify({ code: "unimplemented", message });
  res.writeHead(404, { "content-type": "application/json", "content-length": Buffer.byteLength(body) });
  res.end(body);
}
