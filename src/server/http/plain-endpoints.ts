import type { ServerRequest as NodeServerRequest, ServerResponse as NodeServerResponse } from "./node-types.js";
import type { Registry } from "prom-client";

/** What the plain HTTP endpoints report on. */
export interface PlainEndpointDeps {
  /** True while the server accepts new calls (false once shutdown began). */
  readonly serving: () => boolean;
  /** Resolves when the Kubernetes API is reachable and caches are synced; rejects with the reason otherwise. */
  readonly readiness: () => Promise<void>;
  readonly registry: Registry;
}

/** How long /readyz waits for the readiness check before answering 503. */
const readinessTimeoutMs = 2000;

/**
 * Plain-HTTP endpoints beside the RPCs: `/healthz` (liveness: 200 while the
 * process serves HTTP at all), `/readyz` (200 when ready to take traffic:
 * dependencies reachable and not shutting down; 503 with the reason
 * otherwise) and `/metrics` (Prometheus text). GET and HEAD only. Returns
 * false for any other path, leaving it to the RPC router.
 */
export function createPlainEndpoints(deps: PlainEndpointDeps): (req: NodeServerRequest, res: NodeServerResponse) => boolean {
  const text = (req: NodeServerRequest, res: NodeServerResponse, status: number, body: string, contentType = "text/plain; charset=utf-8") => {
    res.writeHead(status, { "content-type": contentType, "content-length": Buffer.byteLength(body), "cache-control": "no-store" });
    res.end(req.method === "HEAD" ? undefined : body);
  };
  return (req, res) => {
    // Every RPC passes here first: no array per request to tell it is not one of the three paths.
    const url = req.url ?? "/";
    const query = url.indexOf("?");
    const path = query === -1 ? url : url.slice(0, query);
    if (path !== "/healthz" && path !== "/readyz" && path !== "/metrics") {
      return false;
    }
    if (req.method !== "GET" && req.method !== "HEAD") {
      res.writeHead(405, { allow: "GET, HEAD" });
      res.end();
      return true;
    }
    if (path === "/healthz") {
      text(req, res, 200, "ok\n");
    } else if (path === "/readyz") {
      if (!deps.serving()) {
        text(req, res, 503, "not ready: shutting down\n");
        return true;
      }
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`readiness check took longer than ${readinessTimeoutMs} ms`)), readinessTimeoutMs);
      });
      Promise.race([deps.readiness(), timeout])
        .then(
          () => text(req, res, 200, "ok\n"),
          (e: unknown) => text(req, res, 503, `not ready: ${e instanceof Error ? e.message : String(e)}\n`),
        )
        .finally(() => clearTimeout(timer));
    } else {
      deps.registry.metrics().then(
        (body) => text(req, res, 200, body, deps.registry.contentType),
        () => text(req, res, 500, "metrics unavailable\n"),
      );
    }
    return true;
  };
}
