import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { pino } from "pino";
import { authorize, rulesFor } from "./rbac/index.js";
import { openStore } from "./store/open-store.js";
import { markStartup } from "../util/startup-timeline.js";
import { RESOURCE_TYPES } from "./resources/resource-types.js";
import { createTokenAuthority } from "./auth/token-authority.js";
import { loadOrCreateSigningKey } from "./auth/signing-key.js";
import { createAdmission } from "./admission/create-admission.js";
import { createKargoAdmissionHooks } from "./admission/create-kargo-admission-hooks.js";
import { issueServerToken } from "./auth/issue-server-token.js";
import { ensureBuiltinObjects } from "./bootstrap/ensure-builtin-objects.js";
import { KARGO_NAMESPACE } from "./bootstrap/builtin-objects.js";
import type { ApiDeps, EmbeddedLogger } from "./api/api-context.js";
import { createApiHandler } from "./api/create-api-handler.js";
import { storeRbacObjects } from "./api/store-rbac-objects.js";
import { validateObject } from "./api/validate-object.js";
import { preventEscalation } from "./api/prevent-escalation.js";
import { writeKubeconfig } from "./kubeconfig.js";
import { listenHttpAndHttps, type ApiListeners } from "./listen-http-and-https.js";
import { loadOrCreateTlsCredentials } from "./tls/load-or-create-tls-credentials.js";
import { inProcessKubeConfig, startEmbeddedControllers, type EmbeddedControllers } from "./controllers/start-embedded-controllers.js";
import { hostPort } from "../util/listen.js";
import type { WebhookServerOptions } from "./controllers/webhooks/webhook-receivers.js";
import type { PromotionPreviewer } from "../domain/promotion-preview.js";
import { createKargoClient } from "../kube/object-clients.js";
import type { KubeCaches } from "../kube/index.js";
import type { KubeConfig } from "@kubernetes/client-node";
import { previewPromotion } from "./controllers/promotion-runner/preview-promotion.js";
import { customStepsFrom } from "./steps/resolve-step-runner.js";

/** Options of startEmbeddedControlPlane. */
export interface EmbeddedControlPlaneOptions {
  /** Directory for store.sqlite, the token signing key and the kubeconfig; created if missing. */
  dataDir: string;
  /** Listen address; default 127.0.0.1 (the API is meant for this machine only). */
  host?: string;
  /** Listen port; 0 (default) picks a free one. */
  port?: number;
  /** A pino(-compatible) logger; default silent. */
  logger?: EmbeddedLogger & { child?(bindings: object): EmbeddedLogger };
  /** Largest request body in bytes; default 3 MiB, Kubernetes' limit. */
  maxBodyBytes?: number;
  /** Interval of watch BOOKMARK events; default 15 s (under client-node's 30 s watch idle timeout). */
  bookmarkIntervalMs?: number;
  /** Change events kept for watches resuming from a resourceVersion; default the store's (10,000). */
  historyLimit?: number;
  /**
   * Run the controllers (promotion runner, auto-promotion, Warehouse discovery) as clients of
   * this API; default true. Tests of the API itself turn them off.
   */
  controllers?: boolean;
  /** Serve ProjectConfig webhook receivers on this address (with the controllers); default: not served. */
  webhooks?: WebhookServerOptions;
  /** Run CustomPromotionSteps (KARGO_CUSTOM_STEPS_ENABLED); default false. */
  customStepsEnabled?: boolean;
  /**
   * Clock of promotion windows (admission and auto-promotion); default the system clock. Not a
   * setting: tests inject a settable clock to move through windows without waiting.
   */
  promotionWindowClock?: () => Date;
  /** Lease duration of the controllers' heartbeat (a Lease in the Kargo namespace); default 30 s. */
  heartbeatLeaseDurationMs?: number;
  /**
   * The informer caches the controllers read, made for the in-process client config it is given
   * (the API server's identity; an object of the caller's own, not the controllers' client's, so
   * what the caller attaches to it — request metrics — counts only its requests): a caller in the
   * same process passes its own caches so that each kind is listed and held once. The caller stops
   * them, after stopControllers(). Default: the controllers create their own.
   */
  controllerCaches?: (kubeConfig: KubeConfig) => KubeCaches;
}

/** A running embedded control plane. */
export interface EmbeddedControlPlane {
  /**
   * Base URL of the Kubernetes-compatible API, e.g. https://127.0.0.1:41234. It is HTTPS because
   * kubectl (client-go) never sends a bearer token over plain HTTP; the certificate is self-signed
   * and trusted through the kubeconfig's certificate-authority-data.
   */
  url: string;
  /**
   * The same API over plain HTTP on 127.0.0.1 (its own free port): for in-process clients, which
   * then skip a TLS handshake per request (client-node connects anew for each call). client-node
   * accepts an http server only with `skipTLSVerify: true`; kubectl never sends tokens over it.
   */
  httpUrl: string;
  /** PEM of the self-signed serving certificate (also in the kubeconfig). */
  caCertificate: string;
  /** `<dataDir>/kubeconfig`: the URL and the API server's token (mode 0600). */
  kubeconfigPath: string;
  /** Bearer token of the API server's identity (ServiceAccount kargo/kargo-api, cluster-admin). */
  serverToken: string;
  /**
   * Runs a Promotion's steps in a scratch tree of this process without side effects
   * (PromotionService.PreviewPromotion), with the steps and custom steps the controllers use.
   */
  previewPromotion: PromotionPreviewer;
  /**
   * Stops the controllers (close() does too): before stopping the caches they were given
   * (`controllerCaches`), whose readers they are. Safe to call twice.
   */
  stopControllers(): Promise<void>;
  /** Stops the controllers and serving (open watches end) and closes the store. Safe to call twice. */
  close(): Promise<void>;
}

/**
 * Opens the store at `<dataDir>/store.sqlite`, creates the built-in namespaces, identities and
 * roles that are missing, listens on host:port, and writes `<dataDir>/kubeconfig` for the API
 * server's identity. When a step fails, what started before it is stopped (controllers, listeners,
 * store closed) before the promise rejects; a port that cannot be bound rejects with a ListenError
 * naming the listener (EMBEDDED_LISTENERS).
 */
export async function startEmbeddedControlPlane(options: EmbeddedControlPlaneOptions): Promise<EmbeddedControlPlane> {
  const host = options.host ?? "127.0.0.1";
  const logger: EmbeddedLogger = options.logger?.child?.({ component: "embedded-control-plane" }) ?? options.logger ?? pino({ level: "silent" });
  mkdirSync(options.dataDir, { recursive: true, mode: 0o700 });
  const store = openStore({
    path: join(options.dataDir, "store.sqlite"),
    types: RESOURCE_TYPES.filter((type) => !type.review),
    logger,
    // Concurrent requests' writes share one fsync; the API handler answers after durable().
    groupCommit: true,
    ...(options.historyLimit !== undefined ? { historyLimit: options.historyLimit } : {}),
  });
  markStartup("embedded store opened");
  let listener: ApiListeners | undefined;
  let controllers: EmbeddedControllers | undefined;
  // What started is stopped in reverse order: the controllers first (they are clients of the
  // listener), then serving, then the store once its background work has settled.
  const stopStarted = async (stopControllers: () => Promise<void>) => {
    await stopControllers();
    await listener?.close();
    await store.settled();
    store.close();
  };
  try {
    const tokens = createTokenAuthority(await loadOrCreateSigningKey(options.dataDir));
    const created = ensureBuiltinObjects(store);
    if (created.length > 0) logger.info({ created }, "created built-in objects");
    const serverToken = await issueServerToken(store, tokens);
    await store.durable();
    const rbac = storeRbacObjects(store);
    markStartup("embedded RBAC loaded");
    const deps: ApiDeps = {
      store,
      tokens,
      authorize: (user, attributes) => authorize(rbac, user, attributes),
      rulesFor: (user, namespace) => rulesFor(rbac, user, namespace),
      admit: createAdmission(store, tokens),
      admission: createKargoAdmissionHooks({
        store,
        authorize: (user, attributes) => authorize(rbac, user, attributes),
        logger,
        ...(options.promotionWindowClock ? { promotionWindowClock: options.promotionWindowClock } : {}),
      }),
      validate: validateObject,
      preventEscalation: (user, type, object) => preventEscalation(rbac, user, type, object),
      logger,
      options: Object.freeze({
        maxBodyBytes: options.maxBodyBytes ?? 3 * 1024 * 1024,
        bookmarkIntervalMs: options.bookmarkIntervalMs ?? 15_000,
      }),
    };
    const tls = loadOrCreateTlsCredentials(options.dataDir, certificateNames(host));
    const listening = await listenHttpAndHttps(host, options.port ?? 0, tls, createApiHandler(deps));
    listener = listening;
    markStartup("embedded API listening");
    const url = `https://${hostPort(host, listening.httpsPort)}`;
    const kubeconfigPath = join(options.dataDir, "kubeconfig");
    writeKubeconfig(kubeconfigPath, url, tls.cert, serverToken);
    logger.info({ url, kubeconfigPath }, "embedded control plane serving");
    const httpUrl = `http://127.0.0.1:${listening.httpPort}`;
    controllers =
      options.controllers === false
        ? undefined
        : startEmbeddedControllers({
            kubeConfig: inProcessKubeConfig(httpUrl, serverToken),
            ...(options.controllerCaches ? { caches: options.controllerCaches(inProcessKubeConfig(httpUrl, serverToken)) } : {}),
            workRoot: join(options.dataDir, "controllers"),
            logger,
            heartbeat: { namespace: KARGO_NAMESPACE, leaseDurationMs: options.heartbeatLeaseDurationMs ?? 30_000 },
            ...(options.webhooks ? { webhooks: options.webhooks } : {}),
            customStepsEnabled: options.customStepsEnabled ?? false,
            ...(options.promotionWindowClock ? { promotionWindowClock: options.promotionWindowClock } : {}),
          });
    if (controllers) markStartup("embedded controllers started");
    if (controllers?.webhookBaseURL) logger.info({ url: await controllers.webhookBaseURL }, "webhook receivers serving");
    let closing: Promise<void> | undefined;
    let stoppingControllers: Promise<void> | undefined;
    const started = controllers;
    const stopControllers = () => (stoppingControllers ??= started?.stop() ?? Promise.resolve());
    const previewClient = inProcessKubeConfig(httpUrl, serverToken);
    const previewDeps = { client: createKargoClient(previewClient), customSteps: customStepsFrom(previewClient, options.customStepsEnabled ?? false) };
    return {
      url,
      httpUrl,
      kubeconfigPath,
      serverToken,
      caCertificate: tls.cert,
      previewPromotion: (promotion, freight, signal) => previewPromotion(promotion, freight, { ...previewDeps, signal }),
      stopControllers,
      close: () => (closing ??= stopStarted(stopControllers)),
    };
  } catch (error) {
    await stopStarted(async () => controllers?.stop());
    throw error;
  }
}

/** The names the serving certificate must cover: loopback in both families, and the listen host. */
function certificateNames(host: string): string[] {
  const names = new Set(["127.0.0.1", "::1", "localhost"]);
  if (host !== "0.0.0.0" && host !== "::" && host !== "") names.add(host);
  return [...names];
}
