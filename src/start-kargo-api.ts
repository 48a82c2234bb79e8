import { join } from "node:path";
import { KubeConfig } from "./kube/client-node.js";
import type { Logger } from "pino";
import { openAuditStore, type AuditStore } from "./audit/audit-store.js";
import { createAuditInterceptor } from "./audit/create-audit-interceptor.js";
import { authorizationTable } from "./auth/authorization/authorization-table.js";
import { authSettingsFromConfig } from "./auth/auth-settings-from-config.js";
import { startAuth, type RunningAuth } from "./auth/start-auth.js";
import type { Config } from "./config/config.js";
import { setting } from "./config/settings.js";
import { EMBEDDED_LISTENERS, inProcessKubeConfig, startEmbeddedControlPlane, type EmbeddedControlPlane } from "./embedded/index.js";
import { seedDemo } from "./embedded/demo/seed-demo.js";
import { createKubeCaches, createKubeClient, createKubeDiscovery, createWatchHub, type KubeCaches } from "./kube/index.js";
import { API_LISTENER, createApiServer, type ApiServer } from "./server/create-api-server.js";
import { createKubernetesReadiness } from "./server/create-kubernetes-readiness.js";
import { observeKubeRequestLatency, registerOperatorMetrics } from "./server/operator-metrics.js";
import { createRpcMetrics } from "./server/rpc-metrics.js";
import { createServices } from "./services/create-services.js";
import { createManifestParser, type ManifestParser } from "./services/resource/manifest-parser.js";
import { resolveVersionInfo } from "./version/resolve-version-info.js";
import { markStartup } from "./util/startup-timeline.js";
import type { AdminPasswordSource } from "./auth/admin/admin-password-source.js";
import { ListenError } from "./util/listen.js";

/** What {@link startKargoApi} needs besides the configuration. */
export interface StartKargoApiOptions {
  readonly logger: Logger;
  /** Called once with the admin password generated at an embedded first start. */
  readonly onGeneratedAdminPassword?: (password: string) => void;
  /** Whether a stop was requested meanwhile; start-up then ends early (and cleans up). */
  readonly isStopping?: () => boolean;
  /**
   * Clock of promotion windows (API checks, embedded admission and auto-promotion); default the
   * system clock. Deliberately not a setting: only tests replace it, to move through windows.
   */
  readonly promotionWindowClock?: () => Date;
  /**
   * Embedded mode: run the embedded controllers (default true). Deliberately not a setting: only the
   * benchmark turns them off, to tell their share of the start-up's cost from the server's.
   */
  readonly embeddedControllers?: boolean;
}

/** A running Kargo API: the embedded control plane (embedded mode), auth, caches and the API server. */
export interface RunningKargoApi {
  readonly url: URL;
  readonly kubeConfig: KubeConfig;
  /** Present in embedded mode. */
  readonly embedded?: EmbeddedControlPlane;
  /** Where the admin password in effect came from, as authentication decided it; absent when the admin account is off. */
  readonly adminPasswordSource?: AdminPasswordSource;
  /** The threads reading large manifests (absent when start-up ended early); ended by close(). */
  readonly manifestParser?: ManifestParser;
  /** Stops everything in reverse order: the API server gracefully, the embedded controllers, caches, auth, the control plane. */
  close(): Promise<void>;
}

/**
 * A start-up step failed. `step` says which (for a listener: its address and the settings that
 * chose it), the message adds why in one line — `cannot listen on 127.0.0.1:8080 for the API
 * (PORT, BIND_ADDRESS): address already in use` — which is what main prints; `cause` keeps the error.
 */
export class StartupError extends Error {
  constructor(
    readonly step: string,
    options: { cause: unknown },
  ) {
    super(`${step}: ${reasonOf(options.cause)}`, options);
    this.name = "StartupError";
  }
}

/** Why a step failed, in one line. */
function reasonOf(cause: unknown): string {
  if (cause instanceof ListenError) return cause.reason;
  const message = cause instanceof Error ? cause.message : String(cause);
  return message.split("\n", 1)[0]!.trim() || "unknown error";
}

/** The settings that chose each listener's address: named when it cannot bind. */
const LISTENER_SETTINGS: Record<string, readonly string[]> = {
  [API_LISTENER]: [setting.PORT.env, setting.BIND_ADDRESS.env],
  [EMBEDDED_LISTENERS.api]: [setting.KARGO_EMBEDDED_API_PORT.env],
  [EMBEDDED_LISTENERS.webhooks]: [setting.KARGO_EMBEDDED_WEBHOOK_PORT.env, setting.BIND_ADDRESS.env],
};

/** The step of a failed listen: where, for what, and the settings that chose it. */
function listenStep(error: ListenError, settings: readonly string[] | undefined): string {
  return `cannot listen on ${error.address} for ${error.listener}${settings ? ` (${settings.join(", ")})` : ""}`;
}

/**
 * Starts the whole service as `npm start` runs it: the Kubernetes API (the embedded control plane
 * in embedded mode, a kubeconfig or in-cluster otherwise), authentication and authorization, the
 * informer caches and watch hub, every service, and the API server listening per the config.
 * main.ts adds only signals and exit codes, so tests start exactly what users run.
 */
export async function startKargoApi(config: Config, options: StartKargoApiOptions): Promise<RunningKargoApi> {
  const { logger } = options;
  let embedded: EmbeddedControlPlane | undefined;
  let auth: RunningAuth | undefined;
  let caches: KubeCaches | undefined;
  let server: ApiServer | undefined;
  let audit: AuditStore | undefined;
  let manifestParser: ManifestParser | undefined;
  const close = async () => {
    await server?.shutdown();
    // After the drain: calls still reading a manifest then fail UNAVAILABLE; no thread outlives us.
    await manifestParser?.close();
    audit?.close();
    audit = undefined;
    // The embedded controllers read the caches: they stop first (the control plane closes last).
    await embedded?.stopControllers();
    caches?.stop();
    await auth?.stop();
    await embedded?.close();
  };
  // Every step that fails stops what started before it (close), then rejects naming the step; a
  // listener that cannot bind names itself instead, with the settings that chose its address.
  const step = async <T>(what: string, run: () => Promise<T>): Promise<T> => {
    try {
      return await run();
    } catch (e) {
      await close().catch(() => {});
      throw new StartupError(e instanceof ListenError ? listenStep(e, LISTENER_SETTINGS[e.listener]) : what, { cause: e });
    }
  };

  // The informer caches reads are served from: created once the API is known. In embedded mode the
  // controllers (same process, same API and identity) read them too, so each kind is listed and
  // held parsed once, not once for the server and once for the controllers; they are then created
  // when the control plane starts the controllers, before the server, with the KubeConfig the
  // server then uses (its request metrics are attached to that object).
  const metrics = createRpcMetrics();
  const serverCaches = (kubeConfig: KubeConfig): KubeCaches => {
    if (caches !== undefined) return caches;
    // Timed from the server's first request to the Kubernetes API: the caches' lists.
    observeKubeRequestLatency(metrics.registry, kubeConfig);
    caches = createKubeCaches(kubeConfig, {
      // Heartbeat Leases are read in the Kargo namespace only (not every node's Lease).
      namespaceScopes: { leases: config.kargo.namespace },
      maxStalenessMs: config.cacheMaxStalenessMs,
      onError: (err, type) => logger.warn({ err, type: type.resource }, "informer retrying"),
    });
    return caches;
  };

  let kubeConfig = new KubeConfig();
  await step("cannot reach the Kubernetes API", async () => {
    switch (config.kubernetes.mode) {
      case "embedded": {
        let inProcess: KubeConfig | undefined;
        embedded = await startEmbeddedControlPlane({
          dataDir: config.embedded.dataDir,
          port: config.embedded.apiPort,
          logger,
          customStepsEnabled: config.embedded.customStepsEnabled,
          ...(options.embeddedControllers === false ? { controllers: false } : {}),
          ...(options.promotionWindowClock ? { promotionWindowClock: options.promotionWindowClock } : {}),
          heartbeatLeaseDurationMs: config.embedded.heartbeatLeaseDurationMs,
          controllerCaches: (given) => serverCaches((inProcess = given)),
          ...(config.embedded.webhookPort !== undefined
            ? {
                webhooks: {
                  host: config.server.bindAddress,
                  port: config.embedded.webhookPort,
                  ...(config.embedded.webhookBaseURL ? { baseURL: config.embedded.webhookBaseURL } : {}),
                },
              }
            : {}),
        });
        // In process, over the control plane's plain-HTTP loopback listener: client-node opens a
        // connection per call, and a TLS handshake each time made writes about 4x slower. The
        // kubeconfig file (HTTPS) is for kubectl and other tools.
        kubeConfig = inProcess ?? inProcessKubeConfig(embedded.httpUrl, embedded.serverToken);
        break;
      }
      case "kubeconfig":
        kubeConfig.loadFromFile(config.kubernetes.path);
        break;
      case "in-cluster":
        kubeConfig.loadFromCluster();
        break;
    }
  });
  if (embedded && config.embedded.demo) {
    const client = kubeConfig;
    await step("cannot seed the demo project", () => seedDemo({ kubeConfig: client, dataDir: config.embedded.dataDir, logger }));
  }
  if (options.isStopping?.()) return { url: new URL("http://stopped.invalid"), kubeConfig, embedded, close };

  const sharedCaches = serverCaches(kubeConfig);
  auth = await step("cannot start authentication", () =>
    startAuth(authSettingsFromConfig(config), {
      kubeConfig,
      caches: sharedCaches,
      onGeneratedAdminPassword: options.onGeneratedAdminPassword,
    }),
  );
  markStartup("auth ready (ServiceAccount, Namespace and RBAC caches synced)");
  if (auth.adminPassword !== undefined) {
    // Which password is in effect (never the password): a later start without the variable must
    // not leave the operator guessing.
    logger.info({ adminPasswordSource: auth.adminPassword.source }, auth.adminPassword.describe);
  }
  if (options.isStopping?.()) return { url: new URL("http://stopped.invalid"), kubeConfig, embedded, close };

  // The audit trail, in the data directory in both modes (src/audit/README.md): a server that
  // cannot record writes does not start.
  const auditPath = join(config.embedded.dataDir, "audit.db");
  audit = await step(`cannot open the audit trail ${auditPath}`, async () => openAuditStore(auditPath, config.audit));
  const auditInterceptor = createAuditInterceptor({
    store: audit,
    table: authorizationTable,
    namespaces: authSettingsFromConfig(config).namespaces,
    onError: (err, rpc) => logger.error({ err, rpc }, "cannot record the call in the audit trail"),
  });

  registerOperatorMetrics(metrics.registry, { caches: sharedCaches, authCaches: auth.cacheStats });
  const kube = createKubeClient(kubeConfig, { caches: sharedCaches });
  const hub = createWatchHub(sharedCaches, { heartbeatMs: config.watchHeartbeatIntervalMs });
  const versionInfo = resolveVersionInfo(config.build);
  manifestParser = createManifestParser({ workers: config.manifest.parseWorkers, memoryMiB: config.manifest.parseMemoryMiB });
  server = createApiServer(config, {
    logger,
    services: createServices({
      config,
      versionInfo,
      kubeConfig,
      logger,
      auth,
      kube,
      discovery: createKubeDiscovery(kubeConfig),
      caches: sharedCaches,
      hub,
      audit,
      manifestParser,
      promotionWindowClock: options.promotionWindowClock ?? (() => new Date()),
      ...(embedded ? { promotionPreviewer: embedded.previewPromotion } : {}),
    }),
    authInterceptors: auth.interceptors,
    auditInterceptor,
    bodyGate: auth.bodyGate,
    readiness: createKubernetesReadiness(kubeConfig, { caches: sharedCaches, maxStalenessMs: config.cacheMaxStalenessMs }),
    metrics,
  });
  const running = server;
  const url = await step("cannot start the API server", () => running.listen());
  markStartup("API server listening");
  logger.info(
    { url: url.href, mode: config.kubernetes.mode, version: versionInfo.version, gitCommit: versionInfo.gitCommit },
    `kargo api serving at ${url.href}`,
  );
  return { url, kubeConfig, embedded, close, manifestParser, ...(auth.adminPassword ? { adminPasswordSource: auth.adminPassword.source } : {}) };
}
