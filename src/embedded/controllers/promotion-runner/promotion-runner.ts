import type { Promotion, Stage } from "../../../domain/types.js";
import { TERMINAL_VERIFICATION_PHASES } from "../../../domain/verification-phases.js";
import type { ControllerLogger } from "../controller-logger.js";
import type { KargoClient } from "../../../kube/object-clients.js";
import { patchStatusIfUnchanged } from "./patch-status-if-unchanged.js";
import { REFRESH_ANNOTATION } from "../../../domain/well-known-keys.js";
import type { Wake } from "../wake.js";
import { recordPromotionEvent } from "./record-promotion-event.js";
import { abortActor, abortRequested } from "./abort-requested.js";
import { runPromotion, type StopReason } from "./run-promotion.js";
import { rfc3339 } from "../../../util/rfc3339.js";
import type { CustomSteps } from "../../steps/resolve-step-runner.js";

const TERMINAL = new Set(["Succeeded", "Failed", "Errored", "Aborted"]);
/** A promotion found Running at start more often than this is not resumed again. */
export const MAX_RESUMES = 3;
const RESUMES_KEY = "embedded.kargo.akuity.io/resumes";

/** Options of createPromotionRunner. */
export interface PromotionRunnerOptions {
  client: KargoClient;
  workRoot: string;
  logger: ControllerLogger;
  /** CustomPromotionSteps, when the server may know of them. */
  customSteps?: CustomSteps;
  /**
   * Asked for a pass when a promotion ends: its last write may have started a pass while it still
   * counted as running, and the Stage's next Pending Promotion waits for a pass after that.
   */
  wake?: Wake;
}

/** The promotion controller: call `reconcile` on every tick; `stop` interrupts running promotions. */
export interface PromotionRunner {
  reconcile(): Promise<void>;
  /** Interrupts running promotions (they stay Running, to be resumed) and waits for them. */
  stop(): Promise<void>;
}

/**
 * Runs Pending Promotions, one at a time per Stage, oldest first (creation time, then name — the
 * name's ULID orders Promotions created in the same second). Each reconcile:
 * - aborts a Pending Promotion carrying the abort annotation, and signals a running one;
 * - resumes a Promotion found Running that this process is not running (the control plane stopped
 *   during it): it starts over from its first step in a fresh work directory — the supported steps
 *   are safe to repeat (git-commit of an unchanged tree keeps HEAD, git-push of the same commit is
 *   a no-op) — up to MAX_RESUMES times, after which it is Errored with a message saying so;
 * - records a new `kargo.akuity.io/refresh` value in `status.lastHandledRefresh` (Kargo's
 *   bookkeeping: the Promotion was reconciled after the refresh was asked for), in any phase;
 * - starts the oldest Pending Promotion of every Stage with nothing running and no verification
 *   in progress.
 * Each of these status writes is decided from the Promotion as listed, so it is conditional on
 * that resourceVersion: when someone else changed the Promotion meanwhile (a phase set by another
 * writer, an abort), the write fails with 409 Conflict instead of overwriting it, and the Promotion
 * — its Stage held for the pass — is decided again on the next pass, which the change itself
 * starts (a watched object changed).
 */
export function createPromotionRunner(options: PromotionRunnerOptions): PromotionRunner {
  const { client, logger } = options;
  const running = new Map<string, { controller: AbortController; done: Promise<void> }>();
  const keyOf = (promotion: Promotion) => `${promotion.metadata.namespace}/${promotion.metadata.name}`;
  let stopped = false;

  const writeStatus = (promotion: Promotion, status: Record<string, unknown>) => patchStatusIfUnchanged(client, promotion, status);

  const start = (promotion: Promotion) => {
    const controller = new AbortController();
    const key = keyOf(promotion);
    const done = runPromotion(promotion, {
      client,
      workRoot: options.workRoot,
      logger,
      signal: controller.signal,
      ...(options.customSteps ? { customSteps: options.customSteps } : {}),
    })
      .then(
        () => undefined,
        (error: unknown) => logger.error({ err: error, promotion: key }, "promotion run failed"),
      )
      .finally(() => {
        running.delete(key);
        options.wake?.(0);
      });
    running.set(key, { controller, done });
  };

  return {
    async reconcile() {
      if (stopped) return;
      const promotions = await client.list<Promotion>("promotions");
      const busyStages = new Set<string>();
      const pendingByStage = new Map<string, Promotion[]>();
      for (const listed of promotions) {
        let promotion = listed;
        const stageKey = `${promotion.metadata.namespace}/${promotion.spec.stage}`;
        const phase = (promotion.status?.["phase"] as string | undefined) ?? "Pending";
        // Changed since listed: nothing starts on its Stage in this pass; the next pass decides again.
        const changedMeanwhile = () => busyStages.add(stageKey);
        const refresh = promotion.metadata.annotations?.[REFRESH_ANNOTATION];
        if (refresh !== undefined && refresh !== promotion.status?.["lastHandledRefresh"]) {
          const written = await writeStatus(promotion, { lastHandledRefresh: refresh });
          if (!written) {
            changedMeanwhile();
            continue;
          }
          promotion = written;
        }
        const active = running.get(keyOf(promotion));
        if (active) {
          busyStages.add(stageKey);
          if (abortRequested(promotion) && !active.controller.signal.aborted)
            active.controller.abort({ kind: "abort", actor: abortActor(promotion) } satisfies StopReason);
          continue;
        }
        if (TERMINAL.has(phase)) continue;
        if (phase === "Running") {
          busyStages.add(stageKey);
          await resume(promotion);
          continue;
        }
        if (abortRequested(promotion)) {
          const message = "Promotion aborted before it started";
          if (await writeStatus(promotion, { phase: "Aborted", message, finishedAt: rfc3339(new Date()) })) {
            await recordPromotionEvent(client, logger, promotion, "Aborted", message);
          } else changedMeanwhile();
          continue;
        }
        if (promotion.status?.["phase"] === undefined) {
          // Kargo shows a queued Promotion as Pending rather than with no phase at all.
          const written = await writeStatus(promotion, { phase: "Pending" });
          if (!written) {
            changedMeanwhile();
            continue;
          }
          promotion = written;
        }
        const queue = pendingByStage.get(stageKey) ?? [];
        queue.push(promotion);
        pendingByStage.set(stageKey, queue);
      }
      if (pendingByStage.size > 0) {
        // A Stage verifying its Freight runs no other promotion until the verification ends (Kargo).
        for (const stage of await client.list<Stage>("stages")) if (isVerifying(stage)) busyStages.add(`${stage.metadata.namespace}/${stage.metadata.name}`);
      }
      for (const [stageKey, queue] of pendingByStage) {
        if (busyStages.has(stageKey) || stopped) continue;
        queue.sort(oldestFirst);
        start(queue[0]!);
      }
    },
    async stop() {
      stopped = true;
      for (const { controller } of running.values()) controller.abort("shutdown" satisfies StopReason);
      await Promise.all([...running.values()].map((entry) => entry.done));
    },
  };

  async function resume(promotion: Promotion) {
    const state = (promotion.status?.["state"] ?? {}) as Record<string, unknown>;
    const resumes = typeof state[RESUMES_KEY] === "number" ? (state[RESUMES_KEY] as number) : 0;
    const namespace = promotion.metadata.namespace ?? "";
    const name = promotion.metadata.name ?? "";
    const step = promotion.status?.["currentStep"];
    if (resumes >= MAX_RESUMES) {
      const message = `the embedded control plane stopped ${resumes + 1} times while this promotion was running (last at step ${String(step)}); it is not resumed again`;
      await client.patchStatus("stages", namespace, promotion.spec.stage, { currentPromotion: null }).catch(() => {});
      if (await writeStatus(promotion, { phase: "Errored", message, finishedAt: rfc3339(new Date()) })) {
        await recordPromotionEvent(client, logger, promotion, "Errored", message);
      }
      return;
    }
    const message = `resumed from the first step after the embedded control plane restarted during step ${String(step)}`;
    const updated = await writeStatus(promotion, { message, state: { ...state, [RESUMES_KEY]: resumes + 1 } });
    // Changed since listed (aborted, finished elsewhere …): decided again on the next pass.
    if (!updated) return;
    logger.info({ project: namespace, promotion: name, step }, "resuming a promotion interrupted by a restart");
    start(updated);
  }
}

function oldestFirst(a: Promotion, b: Promotion): number {
  const byTime = (a.metadata.creationTimestamp ?? "").localeCompare(b.metadata.creationTimestamp ?? "");
  return byTime !== 0 ? byTime : (a.metadata.name ?? "").localeCompare(b.metadata.name ?? "");
}

/** True while the newest verification of the Stage's current Freight has not finished. */
function isVerifying(stage: Stage): boolean {
  const latest = (stage.status?.freightHistory?.[0]?.["verificationHistory"] as { phase?: string }[] | undefined)?.[0];
  return latest !== undefined && !TERMINAL_VERIFICATION_PHASES.has(latest.phase ?? "");
}
