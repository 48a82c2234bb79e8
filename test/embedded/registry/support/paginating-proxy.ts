import { createServer, request, type Server } from "node:http";
import type { AddressInfo } from "node:net";

/** A loopback front of a registry that pages tag lists. */
export interface PaginatingProxy {
  /** `127.0.0.1:<port>` — use in place of the registry's host. */
  host: string;
  /** Tag-list requests served, in order (path and query). */
  tagRequests: string[];
  close(): Promise<void>;
}

/**
 * Debian's distribution registry (2.8) answers a tag list whole and ignores `n`; Docker Hub, GHCR
 * and distribution v3 page it. This front forwards every request to the registry unchanged except
 * `GET /v2/<name>/tags/list`, which it answers a page at a time as the distribution spec says:
 * at most min(n, pageSize) tags after `last`, in lexical order, with
 * `Link: </v2/<name>/tags/list?n=…&last=…>; rel="next"` while more remain.
 */
export async function startPaginatingProxy(registryHost: string, pageSize: number): Promise<PaginatingProxy> {
  const tagRequests: string[] = [];
  const [hostname, port] = registryHost.split(":") as [string, string];
  const server: Server = createServer((incoming, outgoing) => {
    const url = new URL(incoming.url ?? "/", "http://proxy");
    const tagList = /^\/v2\/(.+)\/tags\/list$/u.exec(url.pathname);
    const upstream = request(
      {
        hostname,
        port: Number(port),
        method: incoming.method,
        path: tagList ? url.pathname : incoming.url,
        headers: { ...incoming.headers, host: registryHost },
      },
      (answer) => {
        if (!tagList || answer.statusCode !== 200) {
          outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(outgoing);
          return;
        }
        tagRequests.push(`${url.pathname}${url.search}`);
        const chunks: Buffer[] = [];
        answer.on("data", (chunk: Buffer) => chunks.push(chunk));
        answer.on("end", () => {
          const all = ((JSON.parse(Buffer.concat(chunks).toString()) as { tags?: string[] }).tags ?? []).sort();
          const n = Math.min(Number(url.searchParams.get("n") ?? pageSize) || pageSize, pageSize);
          const last = url.searchParams.get("last");
          const rest = last ? all.filter((tag) => tag > last) : all;
          const page = rest.slice(0, n);
          const headers: Record<string, string> = { "Content-Type": "application/json" };
          if (rest.length > n) headers["Link"] = `<${url.pathname}?n=${n}&last=${encodeURIComponent(page[page.length - 1]!)}>; rel="next"`;
          outgoing.writeHead(200, headers).end(JSON.stringify({ name: tagList[1], tags: page }));
        });
      },
    );
    upstream.on("error", () => outgoing.writeHead(502).end());
    incoming.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    host: `127.0.0.1:${(server.address() as AddressInfo).port}`,
    tagRequests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
