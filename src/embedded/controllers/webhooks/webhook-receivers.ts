import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { listen as bind, hostPort } from "../../../util/listen.js";
import { EMBEDDED_LISTENERS } from "../../embedded-listeners.js";
import { normalizeChartRepoUrl } from "../../../domain/normalize-chart-repo-url.js";
import { normalizeGitUrl } from "../../../domain/normalize-git-url.js";
import type { KubeObject } from "../../../domain/types.js";
import type { Warehouse } from "../warehouse/warehouse-discoverer.js";
import type { ControllerLogger } from "../controller-logger.js";
import type { KargoClient } from "../../../kube/object-clients.js";
import { rfc3339 } from "../../../util/rfc3339.js";
import { SYSTEM_RESOURCES_NAMESPACE } from "../../bootstrap/builtin-objects.js";
import { REFRESH_ANNOTATION } from "../../../domain/well-known-keys.js";
import { refreshToken } from "../../../domain/refresh-token.js";
import { RECEIVER_TYPES, type PushedRepository } from "./receiver-types.js";
import { runGenericActions } from "./run-generic-actions.js";
import { subscribedURLs } from "./subscribed-urls.js";
import { createTokenBuckets } from "./token-buckets.js";
import { webhookPath } from "./webhook-path.js";

/** Where the receivers listen and how they are reached from outside. */
export interface WebhookServerOptions {
  host: string;
  /** 0 picks a free port. */
  port: number;
  /** The URL senders use (a proxy's, say); default `http://<host>:<port>`. Published in status URLs. */
  baseURL?: string;
  /** Requests per second allowed per receiver (sustained), and the burst; default 5/s, burst 20. */
  ratePerSecond?: number;
  burst?: number;
}

/** Options of createWebhookReceivers. */
export interface WebhookReceiversOptions extends WebhookServerOptions {
  client: KargoClient;
  logger: ControllerLogger;
  /** Called with the Warehouses just marked for refresh (the discoverer starts them at once). */
  refreshed: (warehouses: Warehouse[]) => void;
  now?: () => Date;
}

interface Route {
  project: string;
  name: string;
  type: string;
  secret: Record<string, string>;
  /** The receiver's own entry (`{ secretRef, … }`; for `generic` its `actions`). */
  config: Record<string, unknown>;
}

/** Secret keys each served type needs: `generic` is served by runGenericActions. */
const secretKeysOf = (type: string): readonly string[] | undefined => (type === "generic" ? ["secret"] : RECEIVER_TYPES[type]?.secretKeys);

interface ProjectConfig extends KubeObject {
  spec?: { webhookReceivers?: ({ name?: string } & Record<string, Record<string, unknown> | string | undefined>)[] };
  status?: Record<string, unknown>;
}

/** Kargo's bound on a webhook request body. */
const MAX_BODY_BYTES = 2 << 20;

/**
 * Serves the `webhookReceivers` of every ProjectConfig and of the ClusterConfig, as Kargo's
 * external webhook server does: each pass reads the receivers and their Secrets (in the project
 * namespace; for the ClusterConfig in the system resources namespace), publishes
 * `status.webhookReceivers[]` (`name`, `path`, `url`), and routes `POST <path>` to the receiver.
 * A request to an unknown path is 404; beyond the receiver's rate, 429 (checked before anything
 * else, so floods cost nothing); a body over 2 MiB, 413; a bad signature or token, 401 — and none
 * of these refresh anything. A verified push patches `kargo.akuity.io/refresh` on exactly the
 * project's (for the ClusterConfig: every project's) Warehouses subscribed to the pushed repository (Git URLs and image/chart references
 * compared normalised), then runs a reconcile pass so discovery starts at once.
 */
export function createWebhookReceivers(options: WebhookReceiversOptions): { reconcile(): Promise<void>; start(): Promise<string>; stop(): Promise<void> } {
  const { client, logger } = options;
  const now = options.now ?? (() => new Date());
  let routes = new Map<string, Route>();
  let baseURL = options.baseURL ?? "";
  const buckets = createTokenBuckets({ ratePerSecond: options.ratePerSecond ?? 5, burst: options.burst ?? 20 });
  let server: Server | undefined;
  let listening: Promise<string> | undefined;

  // Marks the Warehouses with Kargo's refresh annotation (durable: a restart or the loop still sees
  // it) and, without waiting for those writes, hands them to the discoverer, which starts them now.
  // The discovery records the same token as handled, so the loop does not discover them again.
  const refreshWarehouses = async (warehouses: readonly Warehouse[]) => {
    const token = refreshToken(undefined, now());
    const marked = warehouses.map((w) => ({ ...w, metadata: { ...w.metadata, annotations: { ...w.metadata.annotations, [REFRESH_ANNOTATION]: token } } }));
    if (marked.length > 0) options.refreshed(marked);
    return Promise.all(
      marked.map(async (warehouse) => {
        const key = `${warehouse.metadata.namespace}/${warehouse.metadata.name}`;
        try {
          await client.patch<Warehouse>("warehouses", warehouse.metadata.namespace ?? "", warehouse.metadata.name ?? "", {
            metadata: { annotations: { [REFRESH_ANNOTATION]: token } },
          });
          return { success: key };
        } catch (error) {
          return { failure: `${key}: ${error instanceof Error ? error.message : String(error)}` };
        }
      }),
    );
  };
  // A ClusterConfig receiver (project "") sees Warehouses of every project.
  const warehousesOf = (route: Route) => client.list<Warehouse>("warehouses", route.project || undefined);

  const refresh = async (route: Route, repositories: PushedRepository[]) => {
    const wanted = new Set(repositories.map((r) => (r.kind === "git" ? normalizeGitUrl(r.url) : normalizeChartRepoUrl(r.url))));
    const subscribed = (await warehousesOf(route)).filter((warehouse) => [...subscribedURLs(warehouse)].some((url) => wanted.has(url)));
    return (await refreshWarehouses(subscribed)).filter((result) => result.success).length;
  };

  const handle = async (request: IncomingMessage, response: ServerResponse) => {
    const reply = (status: number, body: object) => response.writeHead(status, { "Content-Type": "application/json" }).end(JSON.stringify(body));
    const path = new URL(request.url ?? "/", "http://receiver").pathname;
    const route = routes.get(path);
    if (request.method !== "POST" || !route) return reply(404, { error: "not found" });
    if (!buckets.take(path)) return reply(429, { error: "too many requests" });
    if (Number(request.headers["content-length"] ?? 0) > MAX_BODY_BYTES) return reply(413, { error: `content exceeds limit of ${MAX_BODY_BYTES} bytes` });
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of request as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) return reply(413, { error: `content exceeds limit of ${MAX_BODY_BYTES} bytes` });
      chunks.push(chunk);
    }
    const body = Buffer.concat(chunks);
    if (route.type === "generic") {
      let parsed: unknown;
      try {
        parsed = JSON.parse(body.toString("utf8"));
      } catch {
        return reply(400, { error: "invalid request body" });
      }
      const outcome = await runGenericActions(
        route.config,
        { headers: request.headers, method: request.method, url: request.url ?? "/", body: parsed },
        { list: () => warehousesOf(route), refresh: refreshWarehouses },
      );
      logger.info({ project: route.project, receiver: route.name, status: outcome.status }, "generic webhook handled");
      return reply(outcome.status, { actionResults: outcome.actionResults });
    }
    const verdict = RECEIVER_TYPES[route.type]!.handle(request.headers, body, route.secret, route.config);
    if (verdict.status !== 200) {
      logger.info({ project: route.project, receiver: route.name, status: verdict.status }, "webhook refused");
      return reply(verdict.status, { error: verdict.error });
    }
    if (verdict.repositories.length === 0) return reply(200, { msg: verdict.message ?? "nothing to refresh" });
    const count = await refresh(route, verdict.repositories);
    logger.info({ project: route.project, receiver: route.name, warehouses: count }, "webhook refreshed warehouses");
    return reply(200, { msg: `refreshed ${count} warehouse(s)` });
  };

  const listen = async (): Promise<string> => {
    server = createServer((request, response) => {
      handle(request, response).catch((error: unknown) => {
        logger.warn({ err: error }, "webhook handling failed");
        if (!response.headersSent) response.writeHead(500, { "Content-Type": "application/json" }).end('{"error":"internal error"}');
      });
    });
    // A port in use rejects start() with a ListenError (the controllers' start-up then fails).
    const { port } = await bind(server, options.port, options.host, EMBEDDED_LISTENERS.webhooks);
    baseURL ||= `http://${hostPort(options.host, port)}`;
    return baseURL;
  };

  return {
    start() {
      listening ??= listen();
      return listening;
    },
    async stop() {
      await listening?.catch(() => undefined);
      await new Promise<void>((resolve) => (server?.listening ? server.close(() => resolve()) : resolve()));
    },
    async reconcile() {
      // Status URLs need the listening address.
      if (listening) await listening;
      const next = new Map<string, Route>();
      const configs = [
        ...(await client.list<ProjectConfig>("projectconfigs")).map((config) => ({
          config,
          plural: "projectconfigs" as const,
          project: config.metadata.namespace ?? "",
          secretsIn: config.metadata.namespace ?? "",
        })),
        ...(await client.list<ProjectConfig>("clusterconfigs")).map((config) => ({
          config,
          plural: "clusterconfigs" as const,
          project: "",
          secretsIn: SYSTEM_RESOURCES_NAMESPACE,
        })),
      ];
      for (const { config, plural, project, secretsIn } of configs) {
        const receivers = config.spec?.webhookReceivers ?? [];
        if (receivers.length === 0 && !config.status?.["webhookReceivers"]) continue;
        const secrets = receivers.length > 0 ? await client.listSecrets(secretsIn, "") : [];
        const details: { name: string; path: string; url: string }[] = [];
        const problems: string[] = [];
        for (const receiver of receivers) {
          const name = receiver.name ?? "";
          const type = Object.keys(receiver).find((key) => key !== "name") ?? "";
          const secretKeys = secretKeysOf(type);
          if (!secretKeys) {
            problems.push(`receiver "${name}": ${type || "(no type)"} receivers are not supported by the embedded engine`);
            continue;
          }
          const own = (receiver[type] ?? {}) as Record<string, unknown> & { secretRef?: { name?: string } };
          const secretName = own.secretRef?.name ?? "";
          const secret = secrets.find((s) => s.metadata?.name === secretName);
          const data = Object.fromEntries(Object.entries(secret?.data ?? {}).map(([key, value]) => [key, Buffer.from(value, "base64").toString("utf8")]));
          const values = secretKeys.map((key) => data[key]);
          if (!secret || values.some((value) => !value)) {
            problems.push(`receiver "${name}": Secret "${secretName}" ${secret ? `lacks ${secretKeys.join(", ")}` : "not found"}`);
            continue;
          }
          const path = webhookPath(project, type, name, values as string[]);
          next.set(path, { project, name, type, secret: data, config: own });
          details.push({ name, path, url: `${baseURL}${path}` });
        }
        const ready = problems.length === 0;
        const status = {
          webhookReceivers: details,
          conditions: [
            {
              type: "Ready",
              status: ready ? "True" : "False",
              reason: ready ? "Synced" : "WebhookReceiverError",
              message: ready ? "ProjectConfig is synced and ready for use" : problems.join("; "),
              lastTransitionTime: rfc3339(now()),
              ...(typeof config.metadata["generation"] === "number" ? { observedGeneration: config.metadata["generation"] } : {}),
            },
          ],
        };
        const previous = config.status ?? {};
        const changed =
          JSON.stringify(previous["webhookReceivers"] ?? []) !== JSON.stringify(details) ||
          JSON.stringify((previous["conditions"] as { message?: string }[] | undefined)?.[0]?.message) !== JSON.stringify(status.conditions[0]!.message);
        if (changed) await client.patchStatus(plural, plural === "projectconfigs" ? project : "", config.metadata.name ?? "", status);
      }
      routes = next;
    },
  };
}
