import { readFileSync } from "node:fs";
import * as http from "node:http";
import * as http2 from "node:http2";
import type * as net from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import { Code, ConnectError, type Interceptor } from "@connectrpc/connect";
import type { Logger } from "pino";
import type { ServerConfig } from "../config/config.js";
import { ServingStatus, ServingStatusBoard } from "./health/serving-status-board.js";
import { createConnectionTracker } from "./connection-tracker.js";
import type { BodyGate } from "./http/body-gate.js";
import { createCleartextListener } from "./http/create-cleartext-listener.js";
import { createCorsPolicy } from "./http/cors-policy.js";
import { createRequestHandler } from "./http/create-request-handler.js";
import type { ServerRequest, ServerResponse } from "./http/node-types.js";
import { createPlainEndpoints } from "./http/plain-endpoints.js";
import { createInterceptors } from "./interceptors.js";
import { file_google_rpc_error_details } from "../../gen/google/rpc/error_details_pb.js";
import { createDescriptorIndex } from "./reflection/descriptor-index.js";
import { createRoutes, servedServices } from "./routes.js";
import { createRpcMetrics, type RpcMetrics } from "./rpc-metrics.js";
import type { ServiceImplementation } from "./service-implementation.js";
import { listen } from "../util/listen.js";

/** The API listener, as a ListenError names it when its address cannot be bound. */
export const API_LISTENER = "the API";

/** What the API server is given; everything but the logger is optional. */
export interface ApiServerDeps {
  readonly logger: Logger;
  /** Handlers of the kargo.api.v1 services; whatever is missing answers UNIMPLEMENTED. */
  readonly services?: readonly ServiceImplementation[];
  /** Authentication/authorization interceptors, in order (see interceptors.ts for where they run). */
  readonly authInterceptors?: readonly Interceptor[];
  /** Records write RPCs in the audit trail (see interceptors.ts for where it runs). */
  readonly auditInterceptor?: Interceptor;
  /**
   * Authentication before a request body is read (RunningAuth.bodyGate): an unauthenticated call
   * is refused before its body is decoded. The interceptors then reuse its outcome.
   */
  readonly bodyGate?: BodyGate;
  /** Resolves when the Kubernetes API is reachable and caches are synced; backs /readyz. */
  readonly readiness?: () => Promise<void>;
  /** The metrics to record into and serve on /metrics (created here when absent). */
  readonly metrics?: RpcMetrics;
}

/** A built API server. Only `main` (and test helpers) call `listen`. */
export interface ApiServer {
  /**
   * Starts listening; resolves with the base URL (port 0 picks a free port). Health turns SERVING.
   * An address that cannot be bound rejects with a ListenError (API_LISTENER).
   */
  listen(port?: number, host?: string): Promise<URL>;
  /**
   * Graceful shutdown, resolving within `timeoutMs` (default: the configured
   * GRACEFUL_SHUTDOWN_TIMEOUT): health turns NOT_SERVING (Health.Watch
   * streams receive it), new connections are refused, open streams end with
   * UNAVAILABLE "server is shutting down", unary calls in progress finish,
   * HTTP/2 sessions get GOAWAY and close, idle HTTP/1.1 connections close.
   * Whatever is still open at the timeout is destroyed. Idempotent.
   */
  shutdown(timeoutMs?: number): Promise<void>;
  /** The base URL once listening. */
  readonly url: URL | undefined;
  readonly health: ServingStatusBoard;
  readonly metrics: RpcMetrics;
}

/** Time given to Health.Watch streams to carry NOT_SERVING out before streams are ended. */
const notServingGraceMs = 25;

/**
 * Builds the API server (without listening): one listener for Connect (JSON
 * and binary), gRPC and gRPC-Web over HTTP/1.1 and cleartext HTTP/2, or over
 * TLS (HTTP/2 by ALPN, HTTP/1.1 fallback) when a certificate is configured;
 * plus /healthz, /readyz and /metrics.
 */
export function createApiServer(config: { readonly server: ServerConfig }, deps: ApiServerDeps): ApiServer {
  const { logger } = deps;
  const metrics = deps.metrics ?? createRpcMetrics();
  const health = new ServingStatusBoard(servedServices.map((s) => s.typeName));
  const shutdownController = new AbortController();
  let draining = false;
  let url: URL | undefined;

  const handle = createRequestHandler({
    routes: createRoutes({ services: deps.services ?? [], health, reflection: createDescriptorIndex(servedServices, [file_google_rpc_error_details]) }),
    interceptors: createInterceptors({ logger, metrics, authInterceptors: deps.authInterceptors, auditInterceptor: deps.auditInterceptor }),
    maxRequestBytes: config.server.maxRequestBytes,
    maxNestingDepth: config.server.maxNestingDepth,
    bodyGate: deps.bodyGate,
    shutdownSignal: shutdownController.signal,
    cors: createCorsPolicy(config.server.corsAllowedOrigins),
    plainEndpoints: createPlainEndpoints({
      serving: () => !draining,
      readiness: deps.readiness ?? (() => Promise.resolve()),
      registry: metrics.registry,
    }),
    logger,
    metrics,
  });

  const tls = config.server.tls;
  const connections = createConnectionTracker(!tls);
  const onRequest = (req: ServerRequest, res: ServerResponse) => {
    connections.request(req, res);
    handle(req, res);
  };

  let listener: net.Server;
  if (tls) {
    const secure = http2.createSecureServer({ cert: readFileSync(tls.certPath), key: readFileSync(tls.keyPath), allowHTTP1: true }, onRequest as never);
    secure.on("session", (session) => connections.session(session));
    secure.on("sessionError", (e) => logger.debug({ err: e }, "http2 session error"));
    listener = secure;
  } else {
    const http1 = http.createServer(onRequest as http.RequestListener);
    const h2 = http2.createServer(onRequest as never);
    h2.on("session", (session) => connections.session(session));
    h2.on("sessionError", (e) => logger.debug({ err: e }, "http2 session error"));
    http1.on("connection", (socket: net.Socket) => connections.dispatched(socket, "http1"));
    h2.on("connection", (socket: net.Socket) => connections.dispatched(socket, "http2"));
    listener = createCleartextListener(http1, h2);
  }
  listener.on("connection", (socket: net.Socket) => connections.socket(socket));

  let shutdownPromise: Promise<void> | undefined;
  const shutdown = async (timeoutMs: number) => {
    const deadline = performance.now() + timeoutMs;
    draining = true;
    health.setAll(ServingStatus.NOT_SERVING);
    listener.close();
    await sleep(Math.min(notServingGraceMs, timeoutMs));
    shutdownController.abort(new ConnectError("server is shutting down", Code.Unavailable));
    const destroyed = await connections.drain(deadline);
    if (destroyed > 0) {
      logger.warn({ connections: destroyed }, "shutdown timeout reached: closed remaining connections");
    }
  };

  return {
    get url() {
      return url;
    },
    health,
    metrics,
    async listen(port = config.server.port, host = config.server.bindAddress) {
      const address = await listen(listener, port, host, API_LISTENER);
      const shownHost = host === "0.0.0.0" || host === "::" ? "localhost" : address.family === "IPv6" ? `[${address.address}]` : address.address;
      url = new URL(`${tls ? "https" : "http"}://${shownHost}:${address.port}`);
      health.setAll(ServingStatus.SERVING);
      return url;
    },
    shutdown(timeoutMs = config.server.shutdownTimeoutMs) {
      shutdownPromise ??= shutdown(timeoutMs);
      return shutdownPromise;
    },
  };
}
