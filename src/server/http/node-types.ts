import type * as http from "node:http";
import type * as http2 from "node:http2";

/** A request from either Node HTTP stack (HTTP/1.1 or HTTP/2, cleartext or TLS). */
export type ServerRequest = http.IncomingMessage | http2.Http2ServerRequest;

/**
 * A response of either Node HTTP stack, with the methods both share given
 * one signature (as connect-node does for its own handler type).
 */
export type ServerResponse = (Omit<http.ServerResponse, "write" | "writeHead" | "end"> | Omit<http2.Http2ServerResponse, "write" | "writeHead" | "end">) & {
  write(chunk: string | Uint8Array, callback?: (err: Error | null | undefined) => void): boolean;
  write(chunk: string | Uint8Array, encoding: BufferEncoding, callback?: (err: Error | null | undefined) => void): boolean;
  writeHead(status: number, headers?: http.OutgoingHttpHeaders): unknown;
  end(chunk?: string | Uint8Array): unknown;
};
