import { join } from "node:path";
import { customStepsFrom } from "../steps/resolve-step-runner.js";
import type { KubeConfig } from "@kubernetes/client-node";
import type { ControllerLogger } from "./controller-logger.js";
import { createKubeCaches, RESOURCES, type KubeCaches, type ResourceCache } from "../../kube/index.js";
import { createKargoClient, createRolloutsClient } from "../../kube/object-clients.js";
import { createPromotionRunner } from "./promotion-runner/promotion-runner.js";
import { createPromotionWindowReporter } from "./promotion-windows/promotion-window-reporter.js";
import { createProjectStatsReporter } from "./project-stats/project-stats-reporter.js";
import { createAutoPromoter } from "./auto-promotion/auto-promoter.js";
import { createWarehouseDiscoverer, type Warehouse } from "./warehouse/warehouse-discoverer.js";
import { createWebhookReceivers, type WebhookServerOptions } from "./webhooks/webhook-receivers.js";
import { createAnalysisRunner } from "./analysis/analysis-runner.js";
import { createVerifier } from "./verification/verifier.js";
import { startHeartbeat } from "./heartbeat/heartbeat-renewer.js";
import { RETRY_FAILED_PASS_MS, type Wake } from "./wake.js";

/** Changes arriving within this window share one pass (a promotion writes several objects at once). */
const COALESCE_MS = 5;
/** Longest pause between passes by default (a resync, as informers have). */
const DEFAULT_RESYNC_MS = 30_000;
/** The same with an injected promotion-window clock, whose jumps no timer can foresee. */
const INJECTED_CLOCK_RESYNC_MS = 500;

export { inProcessKubeConfig } from "./in-process-kube-config.js";

/** Options of startEmbeddedControllers. */
export interface EmbeddedControllersOptions {
  /** How the controllers reach the API (as any client would). */
  kubeConfig: KubeConfig;
  /** Directory for the controllers' files: `promotions/` (work directories) and `git-cache/` (mirrors). */
  workRoot: string;
  logger: ControllerLogger;
  /**
   * Longest pause between passes when nothing changes and no controller asked for a time (a
   * resync, as Kubernetes informers have); default 30 s, or 500 ms with a `promotionWindowClock`
   * (its jumps cannot be timed). Passes run on changes and timers, not on it.
   */
  intervalMs?: number;
  /** Tags per page asked of image registries (default 1000). */
  tagPageSize?: number;
  /** Serve ProjectConfig webhook receivers on this address (not served when absent). */
  webhooks?: WebhookServerOptions;
  /** Run CustomPromotionSteps (KARGO_CUSTOM_STEPS_ENABLED); default false: a promotion using one fails saying so. */
  customStepsEnabled?: boolean;
  /** Clock of promotion windows (auto-promotion); default the system clock. */
  promotionWindowClock?: () => Date;
  /** Write the controllers' heartbeat Lease in this namespace with this lease duration (none when absent). */
  heartbeat?: { namespace: string; leaseDurationMs: number };
  /**
   * Informer caches to read instead of creating their own: the API server's, when it runs in the
   * same process over the same API with the same identity (one list and one parsed copy of each
   * kind instead of two). They must stay running until stop() has resolved; the controllers never
   * stop them. Default: caches of their own, stopped with them.
   */
  caches?: KubeCaches;
}

/** Running controllers. */
export interface EmbeddedControllers {
  /** Runs one reconcile pass now (tests, and after a write that should be acted on at once). */
  kick(): void;
  /** The webhook receivers' base URL once they listen; undefined when not served. */
  webhookBaseURL: Promise<string> | undefined;
  /** Stops the loop and the informers (shared `caches` only lose the controllers' listeners); running promotions are interrupted and stay Running, to be resumed at the next start. */
  stop(): Promise<void>;
}

/**
 * Starts the controllers of the embedded control plane — the promotion runner, auto-promotion,
 * Warehouse discovery (Git, images and charts), Stage verification and the AnalysisRun controller —
 * as clients of the API, the way Kargo's controllers run against a cluster: informer caches
 * (src/kube/cache) mirror the kinds they read, writes go through the API (and its admission). A
 * pass runs every reconciler over the caches and acts on the difference, so a restart loses
 * nothing but the pass; passes run when a watched object changes (coalesced), when a controller's
 * timer is due (see Wake), on kick(), and at the latest every `intervalMs`.
 */
export function startEmbeddedControllers(options: EmbeddedControllersOptions): EmbeddedControllers {
  const logger = options.logger;
  const informers =
    options.caches ??
    createKubeCaches(options.kubeConfig, {
      onError: (error, type) => logger.warn({ err: error, resource: type.resource }, "controller informer failed; retrying"),
    });
  // A change to any kind a reconciler reads wakes the loop (a relist too: changes were missed).
  // Listening starts with the informer, on a reconciler's first list, so no change is missed and
  // nothing is mirrored that no reconciler reads (Freight only once auto-promotion needs it).
  const listening = new Map<ResourceCache, () => void>();
  const listen = (cache: ResourceCache) => {
    if (!listening.has(cache)) listening.set(cache, cache.addListener({ event: () => changed(), reset: () => changed(), bookmark: () => undefined }));
    return cache;
  };
  const caches: KubeCaches = { ...informers, cache: (type) => listen(informers.cache(type)) };
  const client = createKargoClient(options.kubeConfig, { caches });
  const rollouts = createRolloutsClient(options.kubeConfig, { caches });
  let timer: NodeJS.Timeout | undefined;
  let timerAt = Infinity;
  let stopped = false;
  // One timer, set to the earliest time anything asked for.
  const wakeAt = (at: number) => {
    if (stopped || at >= timerAt) return;
    clearTimeout(timer);
    timerAt = at;
    timer = setTimeout(
      () => {
        timerAt = Infinity;
        tick();
      },
      Math.max(0, at - Date.now()),
    );
    timer.unref();
  };
  const wake: Wake = (delayMs) => wakeAt(Date.now() + Math.max(0, delayMs));
  // Verification runs before the promotion runner so that a verification it starts holds the
  // Stage's next promotion in the same pass.
  // New Freight starts a pass at once, for auto-promotion (Freight is watched only once listed).
  const discoverer = createWarehouseDiscoverer({
    client,
    logger,
    cacheDir: join(options.workRoot, "git-cache"),
    discovered: () => tick(),
    wake,
    ...(options.tagPageSize ? { tagPageSize: options.tagPageSize } : {}),
  });
  const controllers: { name: string; reconciler: { reconcile(): Promise<void> } }[] = [
    { name: "warehouse", reconciler: discoverer },
    {
      name: "promotion-windows",
      reconciler: createPromotionWindowReporter({
        client,
        logger,
        wake,
        ...(options.promotionWindowClock ? { promotionWindowClock: options.promotionWindowClock } : {}),
      }),
    },
    {
      name: "auto-promotion",
      reconciler: createAutoPromoter({ client, logger, wake, ...(options.promotionWindowClock ? { promotionWindowClock: options.promotionWindowClock } : {}) }),
    },
    { name: "verification", reconciler: createVerifier({ client, rollouts, logger, wake }) },
    {
      name: "promotion",
      reconciler: createPromotionRunner({
        client,
        workRoot: join(options.workRoot, "promotions"),
        logger,
        wake,
        customSteps: customStepsFrom(options.kubeConfig, options.customStepsEnabled ?? false),
      }),
    },
    { name: "analysis", reconciler: createAnalysisRunner({ rollouts, logger, wake }) },
    { name: "project-stats", reconciler: createProjectStatsReporter({ client }) },
  ];
  // A verified push hands its Warehouses straight to the discoverer (an event, not a poll): their
  // discovery starts while the webhook is answered, whatever the loop is doing.
  const receivers = options.webhooks
    ? createWebhookReceivers({ ...options.webhooks, client, logger, refreshed: (warehouses: Warehouse[]) => discoverer.refresh(warehouses) })
    : undefined;
  // Last in a pass: a refresh a webhook asked for is discovered before the receivers are re-read.
  if (receivers) controllers.push({ name: "webhook-receivers", reconciler: receivers });
  const webhookBaseURL = receivers?.start();
  // The embedded controllers are Kargo's default (unnamed, unsharded) controller.
  const heartbeat = options.heartbeat ? startHeartbeat({ kubeConfig: options.kubeConfig, controller: "", logger, ...options.heartbeat }) : undefined;
  // Timers follow the system clock; an injected window clock (tests) can jump, so it is looked at often.
  const intervalMs = options.intervalMs ?? (options.promotionWindowClock ? INJECTED_CLOCK_RESYNC_MS : DEFAULT_RESYNC_MS);
  const changed = () => wake(COALESCE_MS);
  // The webhook receivers read Secrets on each pass (not from a cache): a Secret's change must wake it.
  if (receivers) caches.cache(RESOURCES.secrets);
  let pass: Promise<void> | undefined;
  let again = false;

  const runPass = async () => {
    for (const { name, reconciler } of controllers) {
      if (stopped) return;
      try {
        await reconciler.reconcile();
      } catch (error) {
        logger.warn({ err: error, controller: name }, "reconcile failed; retrying on the next pass");
        wake(RETRY_FAILED_PASS_MS);
      }
    }
  };
  const tick = () => {
    if (stopped) return;
    if (pass) {
      again = true;
      return;
    }
    // A timer set before the pass stays: at worst it runs one pass more than needed, whereas
    // clearing it could lose the wake-up of work that ended just before (a discovery, a promotion).
    pass = runPass().finally(() => {
      pass = undefined;
      wake(intervalMs);
      if (again) {
        again = false;
        tick();
      }
    });
  };
  tick();
  return {
    kick: tick,
    webhookBaseURL,
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await heartbeat?.stop();
      await webhookBaseURL?.catch(() => undefined);
      await pass;
      await Promise.all(controllers.map(({ reconciler }) => ("stop" in reconciler ? (reconciler.stop as () => Promise<void>)() : undefined)));
      for (const stopListening of listening.values()) stopListening();
      // Shared caches belong to their creator (the API server still serves from them).
      if (!options.caches) informers.stop();
    },
  };
}
