import * as net from "node:net";
import type * as http from "node:http";
import type * as http2 from "node:http2";

/** The first bytes an HTTP/2 client with prior knowledge (h2c) sends. */
const h2Preface = Buffer.from("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", "latin1");

/**
 * One cleartext TCP listener for both HTTP/1.1 and HTTP/2 with prior
 * knowledge (h2c, as gRPC clients and `buf curl --http2-prior-knowledge`
 * speak it). Node's `http2.createServer` has no HTTP/1.1 fallback without
 * TLS, so each new connection's first bytes are read: the HTTP/2 connection
 * preface hands the socket to the HTTP/2 server, anything else to the
 * HTTP/1.1 server, with the bytes read put back first. A connection that
 * sends nothing for `sniffTimeoutMs` is closed.
 */
export function createCleartextListener(http1Server: http.Server, http2Server: http2.Http2Server, sniffTimeoutMs = 30_000): net.Server {
  // The HTTP/1.1 server never listens itself, and Node starts its request and header timeouts
  // (requestTimeout, headersTimeout: the slow-client protection) when a server starts listening.
  http1Server.emit("listening");
  return net.createServer((socket) => {
    // A connection that says nothing is dropped; a real client speaks first, right away.
    socket.setTimeout(sniffTimeoutMs, () => socket.destroy());
    let buffered: Buffer = Buffer.alloc(0);
    const onData = (chunk: Buffer) => {
      buffered = buffered.length === 0 ? chunk : Buffer.concat([buffered, chunk]);
      const n = Math.min(buffered.length, h2Preface.length);
      const h2 = buffered.subarray(0, n).equals(h2Preface.subarray(0, n));
      if (h2 && buffered.length < h2Preface.length) {
        return; // could still be the preface: wait for more bytes
      }
      socket.off("data", onData);
      socket.off("error", onError);
      socket.setTimeout(0);
      socket.pause();
      socket.unshift(buffered);
      if (h2) {
        // The HTTP/2 session takes the bytes already buffered on the socket, then reads its handle.
        http2Server.emit("connection", socket);
      } else {
        http1Server.emit("connection", socket);
        socket.resume();
      }
    };
    // A connection that fails before it said anything has no server to tell.
    const onError = () => socket.destroy();
    socket.on("data", onData);
    socket.on("error", onError);
  });
}
