import * as https from "node:https";
import type { IncomingMessage } from "node:http";
import { pino, type Logger } from "pino";
import { loadConfig } from "../../src/config/load-config.js";
import { startKargoApi, type RunningKargoApi } from "../../src/start-kargo-api.js";
import type { KubeRequestCount } from "./worker-protocol.js";

/** The admin password and token signing key of every bench server. */
export const BENCH_ADMIN_PASSWORD = "bench-admin-password";
export const BENCH_ADMIN_SIGNING_KEY = "bench-signing-key-0123456789abcdef-0123456789";
/** `iss` and `aud` of the bench servers' admin tokens. */
export const BENCH_ADMIN_TOKEN_ISSUER = "kargo-api";

/** A Kargo API started as `npm start` starts it, plus the count of requests its embedded API served. */
export interface BenchKargo {
  readonly running: RunningKargoApi;
  readonly url: string;
  readonly kubeRequests: () => KubeRequestCount;
}

/**
 * Starts the whole service in embedded mode with startKargoApi (what `npm start` runs) on
 * 127.0.0.1 port 0 over `dataDir`, with production defaults except the given settings; the admin
 * password BENCH_ADMIN_PASSWORD is given as `passwordHash` (hashAdminPassword of it).
 *
 * The embedded API logs one debug line "request" per request it served (create-api-handler.ts);
 * the logger given here turns that line, and only it, into a counter: the embedded control
 * plane's child logger is made debug-level, a pino hook counts the "request" lines and drops every
 * debug line, so nothing is written per request and the count is exactly what the API served.
 * That count includes the embedded controllers, which call the API too (over its plain-HTTP
 * loopback twin). The API server reaches it through the kubeconfig, i.e. over HTTPS: requests
 * arriving at the HTTPS listener (the only https.Server in this process) are the API server's.
 */
export async function startKargo(dataDir: string, passwordHash: string, env: Record<string, string>, controllers = true): Promise<BenchKargo> {
  let total = 0;
  let rpcFailures = 0;
  const byRoute: Record<string, number> = {};
  const logger = pino(
    {
      level: "warn",
      hooks: {
        logMethod(args, method, level) {
          if (level < 40) {
            const fields = args[0] as { method?: string; url?: string } | undefined;
            if (args[1] === "request" && fields?.url !== undefined) {
              total++;
              const route = `${fields.method} ${fields.url.replace(/\?.*$/, "")}${/[?&]watch=(1|true)/.test(fields.url) ? " (watch)" : ""}`;
              byRoute[route] = (byRoute[route] ?? 0) + 1;
            }
            return;
          }
          // A client leaving a watch is logged by the server as a failed RPC: with thousands of
          // streams closed at once that would be thousands of lines; they are counted instead.
          if ((args[1] as unknown) === "rpc failed" || (args[0] as { msg?: string } | undefined)?.msg === "rpc failed") {
            rpcFailures++;
            return;
          }
          method.apply(this, args as Parameters<typeof method>);
        },
      },
    },
    pino.destination(2),
  );
  let apiServerTotal = 0;
  const apiServerByRoute: Record<string, number> = {};
  const emit = https.Server.prototype.emit;
  https.Server.prototype.emit = function (this: https.Server, event: string | symbol, ...args: unknown[]) {
    if (event === "request") {
      const url = (args[0] as IncomingMessage).url ?? "";
      const route = `${(args[0] as IncomingMessage).method} ${url.replace(/\?.*$/, "")}${/[?&]watch=(1|true)/.test(url) ? " (watch)" : ""}`;
      apiServerTotal++;
      apiServerByRoute[route] = (apiServerByRoute[route] ?? 0) + 1;
    }
    return emit.apply(this, [event, ...args] as Parameters<typeof emit>);
  } as typeof emit;
  const childOf = logger.child.bind(logger);
  logger.child = ((bindings: pino.Bindings, options?: pino.ChildLoggerOptions) =>
    bindings["component"] === "embedded-control-plane"
      ? childOf(bindings, { ...options, level: "debug" })
      : childOf(bindings, options)) as unknown as Logger["child"];

  const loaded = loadConfig({
    argv: [],
    env: {
      PORT: "0",
      BIND_ADDRESS: "127.0.0.1",
      KARGO_DATA_DIR: dataDir,
      KARGO_EMBEDDED: "true",
      // The hash, as a production deployment configures it (a clear password is hashed at every
      // start: bcrypt, a quarter of a second of CPU inside the timed start-up).
      ADMIN_ACCOUNT_PASSWORD_HASH: passwordHash,
      ADMIN_ACCOUNT_TOKEN_SIGNING_KEY: BENCH_ADMIN_SIGNING_KEY,
      ADMIN_ACCOUNT_TOKEN_ISSUER: BENCH_ADMIN_TOKEN_ISSUER,
      ADMIN_ACCOUNT_TOKEN_AUDIENCE: BENCH_ADMIN_TOKEN_ISSUER,
      LOG_LEVEL: "warn",
      // Only closing is faster: the load generator's idle connections would hold a drain for 30 s.
      GRACEFUL_SHUTDOWN_TIMEOUT: "1s",
      ...env,
    },
  });
  if (loaded.help) throw new Error("unexpected --help");
  const running = await startKargoApi(loaded.config, { logger, embeddedControllers: controllers });
  return {
    running,
    url: running.url.href.replace(/\/$/, ""),
    kubeRequests: () => ({ total, byRoute: { ...byRoute }, apiServer: { total: apiServerTotal, byRoute: { ...apiServerByRoute } }, rpcFailures }),
  };
}
