import { recordPromotionEvent } from "./record-promotion-event.js";
import { mkdir, rm } from "node:fs/promises";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { stepAlias } from "../../../domain/inflate-promotion-steps.js";
import type { Freight, Promotion, PromotionStep, Stage } from "../../../domain/types.js";
import { conditionTemplate, evaluateConfig, evaluateTemplate, isExpressionError } from "../../../domain/expressions/index.js";
import { resolveStepRunner, type CustomSteps } from "../../steps/resolve-step-runner.js";
import { isStepFailure, type StepResult } from "../../steps/step-types.js";
import type { KargoClient } from "../../../kube/object-clients.js";
import { patchStatusIfUnchanged } from "./patch-status-if-unchanged.js";
import { findCredentials } from "../find-credentials.js";
import { findGitCredentials } from "../find-git-credentials.js";
import type { ControllerLogger } from "../controller-logger.js";
import { freightReference } from "./freight-reference.js";
import { recordPromotionSuccess } from "./record-promotion-success.js";
import { stepObjects } from "./step-objects.js";
import { evaluateVariables, stepEnvironment, type PromotionScope } from "./step-environment.js";
import { rfc3339 } from "../../../util/rfc3339.js";
import type { StepExecutionMetadata, TerminalPhase } from "./step-outcome.js";
import { retryDelayMs, stepRetry } from "./step-retry.js";

/** Why a running promotion is being stopped: its abort annotation (and who asked), or the controllers shutting down. */
export type StopReason = { kind: "abort"; actor?: string | undefined } | "shutdown";

/** What runPromotion needs. */
export interface RunPromotionDeps {
  client: KargoClient;
  /** Parent of the promotions' work directories (`<workRoot>/<project>/<promotion>`). */
  workRoot: string;
  logger: ControllerLogger;
  /** Aborted with a StopReason as its reason. */
  signal: AbortSignal;
  now?: () => Date;
  /** CustomPromotionSteps (run only when enabled); none when absent. */
  customSteps?: CustomSteps;
}

/**
 * How a run ended: a terminal phase; interrupted by shutdown (left Running, resumed at the next
 * start); or not started because the Promotion changed after the runner read it (left as it is,
 * for the runner's next pass to decide on).
 */
export type RunOutcome = TerminalPhase | "interrupted" | "changed";

/** A step's end, before it is written to the Promotion. */
export interface StepEnd {
  status: "Succeeded" | "Failed" | "Errored" | "Aborted";
  message?: string;
  output?: Record<string, unknown>;
}

/**
 * Runs one Promotion to its end, as Kargo's promotion engine does, writing progress to its
 * status as it goes: phase Running with `startedAt`, `freight`, `currentStep` and one
 * `stepExecutionMetadata` entry per step (Running → Succeeded/Failed/Errored/Aborted/Skipped,
 * `errorCount`, `message`); then the terminal phase with `message` and `finishedAt`, the Stage's
 * and Freight's status on success (recordPromotionSuccess), and a PromotionSucceeded/Failed/
 * Errored/Aborted Event.
 *
 * Steps run in order in a fresh work directory. A step runs when its `if` holds (default: no
 * earlier step failed); `continueOnError` lets the promotion go on past its failure; an error is
 * retried until `retry.errorThreshold` errors or `retry.timeout`; a step that answers Running (http
 * waiting for its successExpression) is run again after its poll interval, until `retry.timeout`.
 * A StepFailure (bad config,
 * unsupported step) is Failed at once; an expression error is Errored at once, since evaluating
 * the same text again cannot help.
 */
export async function runPromotion(promotion: Promotion, deps: RunPromotionDeps): Promise<RunOutcome> {
  const now = deps.now ?? (() => new Date());
  const { client } = deps;
  const namespace = promotion.metadata.namespace ?? "";
  const name = promotion.metadata.name ?? "";
  const status: Record<string, unknown> = { ...(promotion.status ?? {}) };
  const writeStatus = async (changes: Record<string, unknown>) => {
    Object.assign(status, changes);
    await client.patchStatus("promotions", namespace, name, changes);
  };

  const freight = await client.get<Freight>("freights", namespace, promotion.spec.freight);
  const stage = await client.get<Stage>("stages", namespace, promotion.spec.stage);
  const startedAt = typeof status.startedAt === "string" ? status.startedAt : rfc3339(now());
  const finish = async (phase: TerminalPhase, message: string): Promise<TerminalPhase> => {
    // The Stage, the Freight and the Event are written before the Promotion's terminal phase, so
    // whoever sees the phase also sees its effects.
    const finishedStatus = { ...status, phase, message, finishedAt: rfc3339(now()) };
    const finished: Promotion = { ...promotion, status: finishedStatus };
    // The Stage as it is now: its freightHistory is what the new collection builds on.
    const currentStage = stage ? ((await client.get<Stage>("stages", namespace, promotion.spec.stage)) ?? stage) : undefined;
    if (phase === "Succeeded" && currentStage && freight) await recordPromotionSuccess(client, finished, currentStage, freight, now());
    else if (currentStage) {
      await client.patchStatus("stages", namespace, promotion.spec.stage, {
        currentPromotion: null,
        lastPromotion: { name, ...(freight ? { freight: freightReference(freight) } : {}), status: finishedStatus, finishedAt: finishedStatus.finishedAt },
      });
    }
    await recordPromotionEvent(client, deps.logger, finished, phase, message, { freight, now: now() });
    await writeStatus({ phase, message, finishedAt: finishedStatus.finishedAt });
    deps.logger.info({ project: namespace, promotion: name, phase, message }, "promotion finished");
    return phase;
  };

  if (!freight) return finish("Errored", `Freight "${promotion.spec.freight}" not found in project "${namespace}"`);
  if (!stage) return finish("Errored", `Stage "${promotion.spec.stage}" not found in project "${namespace}"`);
  const steps = promotion.spec.steps ?? [];
  if (steps.length === 0) return finish("Errored", `Promotion "${name}" has no steps`);

  const metadata: StepExecutionMetadata[] = [];
  // The decision to start was made on the Promotion as read: the Running mark is conditional on
  // that version, so a phase or an abort someone set meanwhile is not overwritten (409 Conflict).
  const running = { phase: "Running", startedAt, currentStep: 0, stepExecutionMetadata: metadata, freight: freightReference(freight), finishedAt: null };
  if (!(await patchStatusIfUnchanged(client, promotion, running))) return "changed";
  Object.assign(status, running);
  await client.patchStatus("stages", namespace, promotion.spec.stage, { currentPromotion: { name, freight: freightReference(freight) } });

  const workDir = join(deps.workRoot, namespace, name);
  await rm(workDir, { recursive: true, force: true });
  await mkdir(workDir, { recursive: true });
  const scope: PromotionScope = { promotion, freight, vars: {}, outputs: {}, metadata, failed: false };
  let failure: { phase: TerminalPhase; message: string } | undefined;
  try {
    try {
      scope.vars = evaluateVariables(promotion.spec.vars ?? [], {}, (vars) => stepEnvironment({ ...scope, vars }, ""));
    } catch (error) {
      if (!isExpressionError(error)) throw error;
      return await finish("Errored", `promotion vars: ${error.message}`);
    }
    for (let index = 0; index < steps.length; index++) {
      const step = steps[index]!;
      const alias = stepAlias(step, index);
      if (deps.signal.aborted) break;
      const entry: StepExecutionMetadata = { alias, startedAt: rfc3339(now()), status: "Running", ...(step.continueOnError ? { continueOnError: true } : {}) };
      metadata.push(entry);
      await writeStatus({ currentStep: index, stepExecutionMetadata: metadata });

      const end = await runStep(step, alias, scope, workDir, deps, entry, () => writeStatus({ stepExecutionMetadata: metadata }));
      entry.finishedAt = rfc3339(now());
      if (end === "skipped") {
        entry.status = "Skipped";
      } else {
        entry.status = end.status;
        if (end.message !== undefined) entry.message = end.message;
        if (end.output) scope.outputs[alias] = end.output;
        if (end.status === "Aborted") {
          await writeStatus({ stepExecutionMetadata: metadata, state: scope.outputs });
          break;
        }
        if (end.status !== "Succeeded" && !step.continueOnError && !failure) {
          scope.failed = true;
          failure = {
            phase: end.status === "Failed" ? "Failed" : "Errored",
            message: `step "${alias}" ${end.status === "Failed" ? "failed" : "errored"}: ${end.message ?? ""}`,
          };
        }
      }
      await writeStatus({ stepExecutionMetadata: metadata, state: scope.outputs });
    }
    if (deps.signal.aborted) {
      if (deps.signal.reason === "shutdown") return "interrupted";
      const actor = (deps.signal.reason as StopReason | undefined) !== "shutdown" ? (deps.signal.reason as { actor?: string } | undefined)?.actor : undefined;
      return await finish("Aborted", actor ? `Promotion aborted by ${actor}` : "Promotion aborted");
    }
    if (failure) return await finish(failure.phase, failure.message);
    return await finish("Succeeded", "All steps completed");
  } finally {
    await rm(workDir, { recursive: true, force: true }).catch(() => {});
  }
}

/** Runs one step (condition, vars, config, retries); "skipped" when its condition is false. */
async function runStep(
  step: PromotionStep,
  alias: string,
  scope: PromotionScope,
  workDir: string,
  deps: RunPromotionDeps,
  entry: StepExecutionMetadata,
  saveProgress: () => Promise<void>,
): Promise<StepEnd | "skipped"> {
  const prepared = prepareStep(step, alias, scope);
  if (prepared === "skipped" || "status" in prepared) return prepared;
  const { config } = prepared;
  const resolved = await resolveStepRunner(step.uses, deps.customSteps);
  if ("failure" in resolved) return { status: "Failed", message: resolved.failure };
  const { runner } = resolved;

  // A custom step's errorThreshold is the default of the steps using it.
  const retry = stepRetry(step, resolved.custom?.spec.errorThreshold);
  const firstStart = Date.now();
  const context = {
    workDir,
    project: scope.promotion.metadata.namespace ?? "",
    stage: scope.promotion.spec.stage,
    promotion: scope.promotion.metadata.name ?? "",
    freight: scope.freight,
    signal: deps.signal,
    gitCredentials: (repoURL: string) => findGitCredentials(deps.client, scope.promotion.metadata.namespace ?? "", repoURL),
    registryCredentials: (type: "image" | "helm", repoURL: string) => findCredentials(deps.client, scope.promotion.metadata.namespace ?? "", type, repoURL),
    objects: stepObjects(deps.client, scope.promotion.metadata.namespace ?? ""),
  };
  for (let errors = 0; ; ) {
    let result: StepResult;
    try {
      result = await runner(config, context);
      if (result.running) {
        // Kargo's Running: the step is asked again after its poll interval, until it ends or its
        // retry.timeout passes (no timeout: until the promotion is aborted). The last attempt is
        // made when the timeout is reached.
        entry.message = result.running.message;
        const left = retry.timeoutMs === undefined ? Infinity : firstStart + retry.timeoutMs - Date.now();
        if (left <= 0)
          return {
            status: "Errored",
            message: `${result.running.message.replace(/; repeating in .*$/u, "")} (retry timeout ${String(step.retry?.["timeout"])} reached)`,
          };
        await saveProgress();
        try {
          await sleep(Math.min(result.running.pollIntervalMs, left), undefined, { signal: deps.signal });
        } catch {
          return { status: "Aborted", message: deps.signal.reason === "shutdown" ? "interrupted by shutdown" : "aborted" };
        }
        continue;
      }
      return { status: "Succeeded", ...(result.output ? { output: result.output } : {}) };
    } catch (error) {
      if (deps.signal.aborted) return { status: "Aborted", message: deps.signal.reason === "shutdown" ? "interrupted by shutdown" : "aborted" };
      const message = error instanceof Error ? error.message : String(error);
      if (isStepFailure(error)) return { status: "Failed", message };
      errors++;
      entry.errorCount = errors;
      entry.message = message;
      const timedOut = retry.timeoutMs !== undefined && Date.now() - firstStart >= retry.timeoutMs;
      if (errors >= retry.errorThreshold || timedOut) {
        const why = timedOut ? ` (retry timeout ${String(step.retry?.["timeout"])} reached)` : retry.errorThreshold > 1 ? ` (after ${errors} errors)` : "";
        return { status: "Errored", message: `${message}${why}` };
      }
      await saveProgress();
      try {
        await sleep(retryDelayMs(errors), undefined, { signal: deps.signal });
      } catch {
        return { status: "Aborted", message: deps.signal.reason === "shutdown" ? "interrupted by shutdown" : "aborted" };
      }
    }
  }
}

/**
 * Evaluates a step's `if` (default: no earlier step failed), its vars and its config: "skipped"
 * when the condition is false, Errored when an expression fails. Shared with previewPromotion, so
 * a preview evaluates steps exactly as the promotion will.
 */
export function prepareStep(step: PromotionStep, alias: string, scope: PromotionScope): { config: Record<string, unknown> } | StepEnd | "skipped" {
  try {
    const condition = step.if !== undefined && step.if !== "" ? evaluateTemplate(conditionTemplate(step.if), stepEnvironment(scope, alias)) : !scope.failed;
    if (typeof condition !== "boolean") return { status: "Errored", message: `if: the condition must be a boolean, got ${JSON.stringify(condition)}` };
    if (!condition) return "skipped";
    const vars = evaluateVariables(step.vars ?? [], scope.vars, (stepVars) => stepEnvironment(scope, alias, stepVars));
    return { config: (evaluateConfig(step.config ?? {}, stepEnvironment(scope, alias, vars)) ?? {}) as Record<string, unknown> };
  } catch (error) {
    if (isExpressionError(error)) return { status: "Errored", message: error.message };
    throw error;
  }
}
