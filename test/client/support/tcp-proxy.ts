import { createConnection, createServer, type Server, type Socket } from "node:net";
import type { AddressInfo } from "node:net";

/**
 * A TCP proxy on loopback in front of a real server, to break connections on purpose: it can
 * refuse the next connections (accept, then reset) and cut every open one, and counts the
 * requests whose first line names a path (HTTP/1.1 requests, e.g. ".../AdminLogin").
 */
export interface TcpProxy {
  /** Base URL of the proxy, e.g. "http://127.0.0.1:41235". */
  readonly url: string;
  /** Connections accepted so far. */
  connections(): number;
  /** HTTP/1.1 request lines seen so far containing `path`. */
  requestsTo(path: string): number;
  /** Resets the next `n` connections right after accepting them. */
  dropNext(n: number): void;
  /** Destroys every open connection (client and server side). */
  cutAll(): void;
  close(): Promise<void>;
}

/** Starts a {@link TcpProxy} to `target` (a base URL such as stack.baseUrl). */
export async function startTcpProxy(target: string): Promise<TcpProxy> {
  const { hostname, port } = new URL(target);
  const open = new Set<Socket>();
  const requestLines: string[] = [];
  let accepted = 0;
  let toDrop = 0;
  const server: Server = createServer((client) => {
    accepted++;
    if (toDrop > 0) {
      toDrop--;
      client.resetAndDestroy();
      return;
    }
    const upstream = createConnection({ host: hostname, port: Number(port) });
    open.add(client);
    open.add(upstream);
    client.on("data", (chunk: Buffer) => {
      const match = /^(?:GET|POST) (\S+) HTTP\/1\.1/m.exec(chunk.toString("latin1"));
      if (match) requestLines.push(match[1]!);
    });
    client.pipe(upstream).pipe(client);
    const close = () => {
      client.destroy();
      upstream.destroy();
      open.delete(client);
      open.delete(upstream);
    };
    client.on("error", close).on("close", close);
    upstream.on("error", close).on("close", close);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const cutAll = () => {
    for (const socket of open) socket.resetAndDestroy();
    open.clear();
  };
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    connections: () => accepted,
    requestsTo: (path) => requestLines.filter((l) => l.includes(path)).length,
    dropNext(n) {
      toDrop = n;
    },
    cutAll,
    async close() {
      cutAll();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
