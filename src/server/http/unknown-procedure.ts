import type { ServerRequest as NodeServerRequest, ServerResponse as NodeServerResponse } from "./node-types.js";
import { Code } from "@connectrpc/connect";
import { protocolOf } from "../protocol-of.js";

/**
 * Answers a request for a path no RPC is registered under with
 * UNIMPLEMENTED in the caller's protocol: grpc-status 12 in trailers (gRPC) or
 * headers (gRPC-Web), or a Connect error body with HTTP 404 (which
 * Connect clients also read as `unimplemented`). connect-node's own fallback
 * is a bare 404, which gRPC tools report as a transport failure.
 */
export function answerUnknownProcedure(req: NodeServerRequest, res: NodeServerResponse): void {
  const path = (req.url ?? "/").split("?")[0];
  const message = `${path} is not a procedure served here`;
  const protocol = protocolOf(req.headers["content-type"]);
  if (protocol === "grpc") {
    // gRPC reads the status from trailers (HTTP/2 only, which gRPC requires).
    res.writeHead(200, { "content-type": "application/grpc" });
    res.addTrailers({ "grpc-status": String(Code.Unimplemented), "grpc-message": grpcPercentEncode(message) });
    res.end();
    return;
  }
  if (protocol === "grpc-web") {
    // gRPC-Web accepts a trailers-only response: the status in the headers, no body.
    res.writeHead(200, {
      "content-type": "application/grpc-web+proto",
      "grpc-status": String(Code.Unimplemented),
      "grpc-message": grpcPercentEncode(message),
    });
    res.end();
    return;
  }
  const body = JSON.stringify({ code: "unimplemented", message });
  res.writeHead(404, { "content-type": "application/json", "content-length": Buffer.byteLength(body) });
  res.end(body);
}

/** The gRPC spec's grpc-message encoding: percent-encode bytes outside printable ASCII, and "%". */
function grpcPercentEncode(text: string): string {
  return Array.from(Buffer.from(text, "utf8"))
    .map((b) => (b >= 0x20 && b <= 0x7e && b !== 0x25 ? String.fromCharCode(b) : `%${b.toString(16).toUpperCase().padStart(2, "0")}`))
    .join("");
}
