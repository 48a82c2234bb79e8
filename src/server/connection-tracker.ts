import type * as http2 from "node:http2";
import type * as net from "node:net";
import type { ServerRequest, ServerResponse } from "./http/node-types.js";

/**
 * Keeps track of the server's connections so that shutdown can drain them:
 * raw sockets, HTTP/2 sessions, and in-flight requests per HTTP/1.1
 * connection. Node's own `closeIdleConnections()` cannot be used: the
 * HTTP/1.1 server never listens itself (the cleartext listener hands it
 * sockets), so it tracks none.
 */
export interface ConnectionTracker {
  /** A raw connection accepted by the listener. */
  socket(socket: net.Socket): void;
  /** A socket the cleartext listener handed to the HTTP/1.1 or the HTTP/2 server. */
  dispatched(socket: net.Socket, protocol: "http1" | "http2"): void;
  session(session: http2.ServerHttp2Session): void;
  /** Called for every request before it is handled. */
  request(req: ServerRequest, res: ServerResponse): void;
  /**
   * Drains: HTTP/2 sessions get GOAWAY (their open streams may finish), idle
   * HTTP/1.1 connections and connections still being sniffed close, busy
   * HTTP/1.1 connections close after their response. Resolves when every
   * connection is gone, or at the deadline after destroying the rest;
   * returns how many had to be destroyed.
   */
  drain(deadline: number): Promise<number>;
}

/** Creates a tracker; `sniffing` is true for the cleartext listener, whose new sockets have no protocol yet. */
export function createConnectionTracker(sniffing: boolean): ConnectionTracker {
  const sockets = new Set<net.Socket>();
  const sessions = new Set<http2.ServerHttp2Session>();
  const http1 = new Set<net.Socket>();
  const http2Sockets = new Set<net.Socket>();
  const inFlight = new Map<net.Socket, number>();
  let draining = false;

  const closeIfIdle = (socket: net.Socket) => {
    if (http1.has(socket) && !inFlight.get(socket)) socket.destroy();
  };
  const forget = (socket: net.Socket) => {
    sockets.delete(socket);
    http1.delete(socket);
    http2Sockets.delete(socket);
    inFlight.delete(socket);
  };

  return {
    socket(socket) {
      sockets.add(socket);
      socket.once("close", () => forget(socket));
    },
    dispatched(socket, protocol) {
      (protocol === "http1" ? http1 : http2Sockets).add(socket);
    },
    session(session) {
      sessions.add(session);
      session.once("close", () => sessions.delete(session));
      if (draining) session.close();
    },
    request(req, res) {
      if (req.httpVersionMajor !== 1) return;
      const socket = req.socket;
      if (!http1.has(socket)) {
        // Over TLS this is the TLS socket, not one of the listener's raw sockets: forget it on its own close.
        http1.add(socket);
        socket.once("close", () => forget(socket));
      }
      inFlight.set(socket, (inFlight.get(socket) ?? 0) + 1);
      if (draining) {
        // Tells the HTTP/1.1 client not to reuse the connection, so it closes after this response.
        res.setHeader("connection", "close");
      }
      res.once("close", () => {
        inFlight.set(socket, (inFlight.get(socket) ?? 1) - 1);
        if (draining) setImmediate(() => closeIfIdle(socket));
      });
    },
    async drain(deadline) {
      draining = true;
      for (const session of sessions) session.close();
      for (const socket of [...sockets, ...http1]) {
        if (sniffing && !http1.has(socket) && !http2Sockets.has(socket)) socket.destroy();
        else closeIfIdle(socket);
      }
      while (sockets.size > 0 && performance.now() < deadline) {
        await new Promise((r) => setTimeout(r, Math.min(20, Math.max(1, deadline - performance.now()))));
      }
      const left = sockets.size;
      for (const session of sessions) session.destroy();
      for (const socket of sockets) socket.destroy();
      return left;
    },
  };
}
