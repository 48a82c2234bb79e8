import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import type { Socket } from "node:net";
import { listen } from "../util/listen.js";
import { EMBEDDED_LISTENERS } from "./embedded-listeners.js";

/** The HTTPS listener and its loopback-only plain HTTP twin. */
export interface ApiListeners {
  httpsPort: number;
  /** Port of the plain HTTP listener, always on 127.0.0.1. */
  httpPort: number;
  /** Stops accepting, ends every open connection (watches included) and resolves when closed. */
  close(): Promise<void>;
}

/** How long past its advertised keep-alive timeout an idle connection stays open (see listenHttpAndHttps). */
const IDLE_MARGIN_MS = 30_000;

/**
 * Serves `handler` over HTTPS on host:port — what the kubeconfig points at, because kubectl sends
 * bearer tokens only over TLS — and over plain HTTP on 127.0.0.1 (a free port), for in-process
 * clients: client-node opens a new connection for every call, so a TLS handshake per request
 * would dominate their latency. Plain HTTP never leaves loopback, so tokens never cross a network
 * in clear. A port that cannot be bound rejects with a ListenError (nothing left listening).
 */
export async function listenHttpAndHttps(
  host: string,
  port: number,
  tls: { cert: string; key: string },
  handler: (request: IncomingMessage, response: ServerResponse) => void,
): Promise<ApiListeners> {
  const https = createHttpsServer({ cert: tls.cert, key: tls.key }, handler);
  const http = createHttpServer(handler);
  // A client reuses an idle keep-alive connection for up to the advertised `Keep-Alive: timeout=5`
  // less a margin (undici, client-node's and fetch's transport: 2 s); Node closes it 1 s after
  // those 5 s. When the event loop stalls for longer than that gap (a loaded machine; most clients
  // are in this very process), a request written just before the stall meets the server's idle
  // timer just after it, and the client gets ECONNRESET (INTERNAL to an API caller). Idle
  // connections are kept IDLE_MARGIN_MS past the advertised timeout, so no client writes to one
  // the server is closing; the advertised timeout, and so the clients' reuse, is unchanged.
  for (const server of [https, http]) server.keepAliveTimeoutBuffer = IDLE_MARGIN_MS;
  // Every TCP connection, also those still in a TLS handshake or never sending a request, which
  // closeAllConnections does not know; close destroys them so it never waits on a client.
  const sockets = new Set<Socket>();
  for (const server of [https, http]) {
    server.on("connection", (socket: Socket) => {
      sockets.add(socket);
      socket.once("close", () => sockets.delete(socket));
    });
  }
  const httpsPort = (await listen(https, port, host, EMBEDDED_LISTENERS.api)).port;
  let httpPort: number;
  try {
    httpPort = (await listen(http, 0, "127.0.0.1", EMBEDDED_LISTENERS.api)).port;
  } catch (error) {
    await new Promise((closed) => https.close(closed));
    throw error;
  }
  let closing: Promise<void> | undefined;
  return {
    httpsPort,
    httpPort,
    close: () =>
      (closing ??= (async () => {
        const closed = Promise.all([new Promise((r) => https.close(r)), new Promise((r) => http.close(r))]);
        // Watches are long-lived responses; without this, close would wait for clients to hang up.
        for (const socket of sockets) socket.destroy();
        await closed;
      })()),
  };
}
