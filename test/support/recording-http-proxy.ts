import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";

/** One request that went through a {@link RecordingHttpProxy}. */
export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly body: string;
}

/**
 * An HTTP/1.1 reverse proxy on loopback in front of a real server (e.g. an embedded control
 * plane's plain-HTTP API) that records every request it forwards — method, path and body — so a
 * test can tell what reached the server. Responses (watch streams too) are piped through as sent.
 */
export interface RecordingHttpProxy {
  /** Base URL of the proxy, e.g. "http://127.0.0.1:41235". */
  readonly url: string;
  /** The requests forwarded so far, oldest first. */
  requests(): readonly RecordedRequest[];
  /**
   * Stops passing on the responses to requests whose path `matches` (open ones and later ones):
   * what the server sends meanwhile waits in the proxy, in order, until `release()`. A test makes
   * one client (an informer's watch, say) fall behind another this way.
   */
  hold(matches: (path: string) => boolean): void;
  /** Passes on everything held, then every response as it comes again. */
  release(): void;
  close(): Promise<void>;
}

/** Starts a {@link RecordingHttpProxy} to `target` (a base URL such as `http://127.0.0.1:1234`). */
export async function startRecordingHttpProxy(target: string): Promise<RecordingHttpProxy> {
  const { hostname, port } = new URL(target);
  const recorded: RecordedRequest[] = [];
  const sockets = new Set<Socket>();
  const answers = new Map<IncomingMessage, { path: string; outgoing: ServerResponse }>();
  let held: ((path: string) => boolean) | undefined;
  const holdIfMatching = (answer: IncomingMessage, path: string, outgoing: ServerResponse) => {
    if (!held?.(path)) return;
    answer.unpipe(outgoing);
    answer.pause();
  };
  const server: Server = createServer((incoming: IncomingMessage, outgoing) => {
    const chunks: Buffer[] = [];
    incoming.on("data", (chunk: Buffer) => chunks.push(chunk));
    incoming.on("end", () => {
      const body = Buffer.concat(chunks);
      recorded.push({ method: incoming.method ?? "", path: incoming.url ?? "", body: body.toString("utf8") });
      const upstream = request({ host: hostname, port: Number(port), method: incoming.method, path: incoming.url, headers: incoming.headers }, (answer) => {
        outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
        const path = incoming.url ?? "";
        answers.set(answer, { path, outgoing });
        answer.on("close", () => answers.delete(answer));
        answer.pipe(outgoing);
        holdIfMatching(answer, path, outgoing);
      });
      upstream.on("error", () => outgoing.destroy());
      outgoing.on("close", () => upstream.destroy());
      upstream.end(body);
    });
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests: () => [...recorded],
    hold(matches) {
      held = matches;
      for (const [answer, { path, outgoing }] of answers) holdIfMatching(answer, path, outgoing);
    },
    release() {
      const wasHeld = held;
      held = undefined;
      for (const [answer, { path, outgoing }] of answers) if (wasHeld?.(path)) answer.pipe(outgoing);
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
