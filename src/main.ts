import { KubeConfig } from "@kubernetes/client-node";
import { authSettingsFromConfig } from "./auth/auth-settings-from-config.js";
import { startAuth, type RunningAuth } from "./auth/start-auth.js";
import { startEmbeddedControlPlane, type EmbeddedControlPlane } from "./embedded/index.js";
import type { Config } from "./config/config.js";
import { isConfigError } from "./config/config-error.js";
import { loadConfig } from "./config/load-config.js";
import { usage } from "./config/usage.js";
import { peerAddressOf } from "./server/context/peer-address-key.js";
import { createApiServer, type ApiServer } from "./server/create-api-server.js";
import { createKubernetesReadiness } from "./server/create-kubernetes-readiness.js";
import { createLogger } from "./server/create-logger.js";
import { createServices } from "./services/create-services.js";
import { createKubeCaches, createKubeClient, createWatchHub, type KubeCaches } from "./kube/index.js";
import { resolveVersionInfo } from "./version/resolve-version-info.js";

/**
 * Entry point: reads the configuration (a bad setting exits 2 with one line
 * naming it), starts the embedded control plane in embedded mode, starts
 * authentication and authorization (src/auth), starts the API server. On
 * SIGTERM/SIGINT — also during start-up — it shuts down what is running, in
 * reverse order (API server gracefully, auth, embedded control plane), and
 * exits 0. A start-up failure exits 1 with one log line.
 */
async function main(): Promise<void> {
  let config: Config;
  try {
    const loaded = loadConfig({ argv: process.argv.slice(2), env: process.env });
    if (loaded.help) {
      process.stdout.write(`${usage()}\n`);
      return;
    }
    config = loaded.config;
  } catch (e) {
    if (isConfigError(e)) {
      process.stderr.write(`kargo-api: ${e.message}\n`);
      process.exit(2);
    }
    throw e;
  }

  const logger = createLogger(config.logLevel);
  let embedded: EmbeddedControlPlane | undefined;
  let auth: RunningAuth | undefined;
  let server: ApiServer | undefined;
  let caches: KubeCaches | undefined;
  const stopAll = async () => {
    await server?.shutdown();
    caches?.stop();
    await auth?.stop();
    await embedded?.close();
  };

  let stopping = false;
  const stop = async (signal: NodeJS.Signals) => {
    if (stopping) {
      // npm forwards the terminal's SIGINT, so one Ctrl-C can arrive twice; the shutdown is bounded anyway.
      logger.info({ signal }, "already shutting down");
      return;
    }
    stopping = true;
    logger.info({ signal, timeoutMs: config.server.shutdownTimeoutMs }, "shutting down");
    await stopAll();
    logger.info("stopped");
    process.exit(0);
  };
  process.on("SIGTERM", (s) => void stop(s));
  process.on("SIGINT", (s) => void stop(s));
  const fail = async (e: unknown, what: string) => {
    logger.fatal({ err: e }, what);
    await stopAll().catch(() => {});
    process.exit(1);
  };

  const versionInfo = resolveVersionInfo(config.build);
  const kubeConfig = new KubeConfig();
  try {
    switch (config.kubernetes.mode) {
      case "embedded":
        embedded = await startEmbeddedControlPlane({ dataDir: config.embedded.dataDir, port: config.embedded.apiPort, logger });
        kubeConfig.loadFromFile(embedded.kubeconfigPath);
        if (config.embedded.demo) {
          logger.warn("--demo: seeding the demo project is not implemented yet");
        }
        break;
      case "kubeconfig":
        kubeConfig.loadFromFile(config.kubernetes.path);
        break;
      case "in-cluster":
        kubeConfig.loadFromCluster();
        break;
    }
  } catch (e) {
    return fail(e, "cannot reach the Kubernetes API");
  }
  if (stopping) return;

  try {
    auth = await startAuth(authSettingsFromConfig(config), {
      kubeConfig,
      clientAddressOf: peerAddressOf,
      // Shown once, on the terminal only (not through the logger, whose output may be shipped).
      onGeneratedAdminPassword: (password) =>
        process.stderr.write(`\nkargo-api: generated admin password (shown once; only its hash is kept in ${config.embedded.dataDir}): ${password}\n\n`),
    });
  } catch (e) {
    return fail(e, "cannot start authentication");
  }
  if (stopping) return;

  caches = createKubeCaches(kubeConfig, {
    onError: (err, type) => logger.warn({ err, type: type.plural }, "informer retrying"),
  });
  const kube = createKubeClient(kubeConfig, { caches });
  const hub = createWatchHub(caches, { heartbeatMs: config.watchHeartbeatIntervalMs });
  server = createApiServer(config, {
    logger,
    services: createServices({ config, versionInfo, kubeConfig, logger, auth, kube, caches, hub }),
    authInterceptors: auth.interceptors,
    readiness: createKubernetesReadiness(kubeConfig),
  });
  let url: URL;
  try {
    url = await server.listen();
  } catch (e) {
    return fail(e, `cannot listen on ${config.server.bindAddress}:${config.server.port}`);
  }
  logger.info(
    { url: url.href, mode: config.kubernetes.mode, version: versionInfo.version, gitCommit: versionInfo.gitCommit },
    `kargo api serving at ${url.href}`,
  );
}

await main();
