import { join } from "node:path";
import { customStepsFrom } from "../steps/resolve-step-runner.js";
import type { KubeConfig } from "@kubernetes/client-node";
import type { ControllerLogger } from "./controller-logger.js";
import { createKargoClient } from "./kargo-client.js";
import { createPromotionRunner } from "./promotion-runner/promotion-runner.js";
import { createPromotionWindowReporter } from "./promotion-windows/promotion-window-reporter.js";
import { createProjectStatsReporter } from "./project-stats/project-stats-reporter.js";
import { createAutoPromoter } from "./auto-promotion/auto-promoter.js";
import { createWarehouseDiscoverer, type Warehouse } from "./warehouse/warehouse-discoverer.js";
import { createWebhookReceivers, type WebhookServerOptions } from "./webhooks/webhook-receivers.js";
import { createAnalysisRunner } from "./analysis/analysis-runner.js";
import { createRolloutsClient } from "./rollouts-client.js";
import { createVerifier } from "./verification/verifier.js";
import { startHeartbeat } from "./heartbeat/heartbeat-renewer.js";

export { inProcessKubeConfig } from "./in-process-kube-config.js";

/** Options of startEmbeddedControllers. */
export interface EmbeddedControllersOptions {
  /** How the controllers reach the API (as any client would). */
  kubeConfig: KubeConfig;
  /** Directory for the controllers' files: `promotions/` (work directories) and `git-cache/` (mirrors). */
  workRoot: string;
  logger: ControllerLogger;
  /** Pause between reconcile passes; default 500 ms (promotions start within it). */
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
}

/** Running controllers. */
export interface EmbeddedControllers {
  /** Runs one reconcile pass now (tests, and after a write that should be acted on at once). */
  kick(): void;
  /** The webhook receivers' base URL once they listen; undefined when not served. */
  webhookBaseURL: Promise<string> | undefined;
  /** Stops the loop; running promotions are interrupted and stay Running, to be resumed at the next start. */
  stop(): Promise<void>;
}

/**
 * Starts the controllers of the embedded control plane — the promotion runner, auto-promotion,
 * Warehouse discovery (Git, images and charts), Stage verification and the AnalysisRun controller —
 * as clients of the API through @kubernetes/client-node, the way
 * Kargo's controllers run against a cluster. They reconcile in one loop every `intervalMs`: each
 * pass lists what it needs and acts on the difference, so a restart loses nothing but the pass.
 */
export function startEmbeddedControllers(options: EmbeddedControllersOptions): EmbeddedControllers {
  const client = createKargoClient(options.kubeConfig);
  const rollouts = createRolloutsClient(options.kubeConfig);
  const logger = options.logger;
  // Verification runs before the promotion runner so that a verification it starts holds the
  // Stage's next promotion in the same pass.
  // New Freight wakes the loop at once, so auto-promotion does not wait for the next pass.
  const discoverer = createWarehouseDiscoverer({
    client,
    logger,
    cacheDir: join(options.workRoot, "git-cache"),
    discovered: () => tick(),
    ...(options.tagPageSize ? { tagPageSize: options.tagPageSize } : {}),
  });
  const controllers: { name: string; reconciler: { reconcile(): Promise<void> } }[] = [
    { name: "warehouse", reconciler: discoverer },
    {
      name: "promotion-windows",
      reconciler: createPromotionWindowReporter({
        client,
        logger,
        ...(options.promotionWindowClock ? { promotionWindowClock: options.promotionWindowClock } : {}),
      }),
    },
    {
      name: "auto-promotion",
      reconciler: createAutoPromoter({ client, logger, ...(options.promotionWindowClock ? { promotionWindowClock: options.promotionWindowClock } : {}) }),
    },
    { name: "verification", reconciler: createVerifier({ client, rollouts, logger }) },
    {
      name: "promotion",
      reconciler: createPromotionRunner({
        client,
        workRoot: join(options.workRoot, "promotions"),
        logger,
        customSteps: customStepsFrom(options.kubeConfig, options.customStepsEnabled ?? false),
      }),
    },
    { name: "analysis", reconciler: createAnalysisRunner({ rollouts, logger }) },
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
  const intervalMs = options.intervalMs ?? 500;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let pass: Promise<void> | undefined;
  let again = false;

  const runPass = async () => {
    for (const { name, reconciler } of controllers) {
      if (stopped) return;
      try {
        await reconciler.reconcile();
      } catch (error) {
        logger.warn({ err: error, controller: name }, "reconcile failed; retrying on the next pass");
      }
    }
  };
  const schedule = () => {
    if (stopped) return;
    clearTimeout(timer);
    timer = setTimeout(tick, intervalMs);
    timer.unref();
  };
  const tick = () => {
    if (stopped) return;
    if (pass) {
      again = true;
      return;
    }
    pass = runPass().finally(() => {
      pass = undefined;
      if (again) {
        again = false;
        tick();
      } else schedule();
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
    },
  };
}
