import { randomUUID } from "node:crypto";
import type { Freight, FreightCollection, Stage } from "../../../domain/types.js";
import { TERMINAL_VERIFICATION_PHASES } from "../../../domain/verification-phases.js";
import { ABORT_ANNOTATION, REVERIFY_ANNOTATION } from "../../../domain/well-known-keys.js";
import { COMPLETED_PHASES, type AnalysisRun, type AnalysisTemplate } from "../analysis/analysis-types.js";
import type { ControllerLogger } from "../controller-logger.js";
import type { KargoClient } from "../../../kube/object-clients.js";
import type { RolloutsClient } from "../../../kube/object-clients.js";
import { rfc3339 } from "../../../util/rfc3339.js";
import { buildAnalysisRun } from "./build-analysis-run.js";
import { RETRY_FAILED_PASS_MS, type Wake } from "../wake.js";
import { VERIFICATION_HISTORY_LIMIT, type StageVerification, type VerificationInfo } from "./verification-types.js";

/** Options of createVerifier. */
export interface VerifierOptions {
  client: KargoClient;
  rollouts: RolloutsClient;
  logger: ControllerLogger;
  /** Asks for a pass to retry a Stage whose verification step failed (the API refused a write …). */
  wake?: Wake;
}

/**
 * The verification half of Kargo's Stage reconciler. For every Stage with
 * `spec.verification.analysisTemplates` whose current FreightCollection (`freightHistory[0]`) is
 * not being promoted:
 * - no verification yet → creates an AnalysisRun from the templates (buildAnalysisRun) and pushes a
 *   VerificationInfo (new ID, Pending) onto the collection's `verificationHistory`; a missing
 *   template or bad argument pushes one in phase Error saying why;
 * - a running verification follows its AnalysisRun: phase, message, `analysisRun.phase`, and
 *   `finishTime` once it completes; Successful marks every Freight of the collection
 *   `verifiedIn` the Stage, which is what lets it flow downstream;
 * - `kargo.akuity.io/abort` `{"id": <running verification>, "actor": …}` terminates the run and
 *   records the verification Aborted by that actor;
 * - `kargo.akuity.io/reverify` `{"id": <finished verification>, "actor": …}` starts a new one.
 * Annotations naming another verification are ignored (they were handled already).
 */
export function createVerifier(options: VerifierOptions) {
  const { client, rollouts, logger } = options;
  return {
    async reconcile(): Promise<void> {
      const stages = await client.list<Stage>("stages");
      let runs: readonly AnalysisRun[] | undefined;
      for (const stage of stages) {
        const verification = stage.spec?.["verification"] as StageVerification | undefined;
        if (!verification?.analysisTemplates?.length) continue;
        const history = stage.status?.freightHistory ?? [];
        const current = history[0];
        if (!current || Object.keys(current.items ?? {}).length === 0 || stage.status?.["currentPromotion"]) continue;
        const verifications = (current["verificationHistory"] ?? []) as VerificationInfo[];
        const latest = verifications[0];
        const key = `${stage.metadata.namespace}/${stage.metadata.name}`;
        try {
          if (!latest) {
            await start(stage, current, undefined);
          } else if (TERMINAL_VERIFICATION_PHASES.has(latest.phase ?? "")) {
            const reverify = requestOf(stage, REVERIFY_ANNOTATION);
            if (reverify && reverify.id === latest.id) await start(stage, current, reverify.actor);
          } else {
            runs ??= await rollouts.list<AnalysisRun>("analysisruns");
            await follow(stage, current, latest, runs);
          }
        } catch (error) {
          logger.warn({ err: error, stage: key }, "verification pass failed; retrying on the next pass");
          options.wake?.(RETRY_FAILED_PASS_MS);
        }
      }
    },
  };

  async function start(stage: Stage, collection: FreightCollection, actor: string | undefined): Promise<void> {
    const namespace = stage.metadata.namespace ?? "";
    const info: VerificationInfo = { id: randomUUID(), ...(actor ? { actor } : {}), startTime: rfc3339(new Date()) };
    try {
      const templates = await loadTemplates(stage);
      const freightName = Object.values(collection.items ?? {})[0]?.name ?? "";
      const freight = await client.get<Freight>("freights", namespace, freightName);
      if (!freight) throw new Error(`Freight "${freightName}" not found`);
      const run = await rollouts.create<AnalysisRun>("analysisruns", namespace, buildAnalysisRun(stage, collection, templates, freight));
      Object.assign(info, { phase: "Pending", analysisRun: { name: run.metadata.name ?? "", namespace, phase: "" } });
    } catch (error) {
      Object.assign(info, {
        phase: "Error",
        message: `error creating the AnalysisRun: ${error instanceof Error ? error.message : String(error)}`,
        finishTime: rfc3339(new Date()),
      });
    }
    await writeLatest(stage, collection, info, true);
  }

  async function follow(stage: Stage, collection: FreightCollection, latest: VerificationInfo, runs: readonly AnalysisRun[]): Promise<void> {
    const ref = latest.analysisRun;
    const run = ref ? runs.find((r) => r.metadata.namespace === ref.namespace && r.metadata.name === ref.name) : undefined;
    const abort = requestOf(stage, ABORT_ANNOTATION);
    if (abort && abort.id === latest.id) {
      if (run && !run.spec?.terminate) await rollouts.patch("analysisruns", ref!.namespace, ref!.name, { spec: { terminate: true } });
      const now = rfc3339(new Date());
      await writeLatest(stage, collection, {
        ...latest,
        ...(abort.actor ? { actor: abort.actor } : {}),
        phase: "Aborted",
        message: "Verification aborted by user",
        ...(ref ? { analysisRun: { ...ref, phase: run?.status?.phase ?? ref.phase } } : {}),
        finishTime: now,
      });
      return;
    }
    if (!run) {
      await writeLatest(stage, collection, {
        ...latest,
        phase: "Error",
        message: `AnalysisRun "${ref?.name ?? ""}" not found`,
        finishTime: rfc3339(new Date()),
      });
      return;
    }
    const phase = run.status?.phase ?? "Pending";
    const message = run.status?.message;
    if (phase === latest.phase && (message ?? "") === (latest.message ?? "")) return;
    const done = COMPLETED_PHASES.has(phase);
    const now = rfc3339(new Date());
    await writeLatest(stage, collection, {
      ...latest,
      phase,
      ...(message ? { message } : {}),
      analysisRun: { ...ref!, phase },
      ...(done ? { finishTime: now } : {}),
    });
    if (phase === "Successful") {
      const namespace = stage.metadata.namespace ?? "";
      for (const item of Object.values(collection.items ?? {})) {
        if (item.name) await client.patchStatus("freights", namespace, item.name, { verifiedIn: { [stage.metadata.name ?? ""]: { verifiedAt: now } } });
      }
    }
  }

  /** The Stage's templates: AnalysisTemplates of its namespace, ClusterAnalysisTemplates by `kind`. */
  async function loadTemplates(stage: Stage): Promise<AnalysisTemplate[]> {
    const verification = (stage.spec?.["verification"] ?? {}) as StageVerification;
    const templates: AnalysisTemplate[] = [];
    for (const ref of verification.analysisTemplates ?? []) {
      const cluster = ref.kind === "ClusterAnalysisTemplate";
      const template = await rollouts.get<AnalysisTemplate>(
        cluster ? "clusteranalysistemplates" : "analysistemplates",
        cluster ? "" : (stage.metadata.namespace ?? ""),
        ref.name,
      );
      if (!template) throw new Error(`${cluster ? "ClusterAnalysisTemplate" : "AnalysisTemplate"} "${ref.name}" not found`);
      templates.push(template);
    }
    return templates;
  }

  /** Writes `info` as the newest verification of the Stage's current collection (replacing it unless `push`). */
  async function writeLatest(stage: Stage, collection: FreightCollection, info: VerificationInfo, push = false): Promise<void> {
    const history = stage.status?.freightHistory ?? [];
    const verifications = (collection["verificationHistory"] ?? []) as VerificationInfo[];
    const next = push ? [info, ...verifications] : [info, ...verifications.slice(1)];
    const updated = { ...collection, verificationHistory: next.slice(0, VERIFICATION_HISTORY_LIMIT) };
    await client.patchStatus("stages", stage.metadata.namespace ?? "", stage.metadata.name ?? "", { freightHistory: [updated, ...history.slice(1)] });
  }
}

/** A reverify/abort request annotation: `{"id", "actor"}` JSON, or a bare ID as Kargo also accepts. */
function requestOf(stage: Stage, annotation: string): { id: string; actor?: string } | undefined {
  const raw = stage.metadata.annotations?.[annotation];
  if (!raw) return undefined;
  try {
    const parsed = JSON.parse(raw) as { id?: unknown; actor?: unknown };
    if (parsed && typeof parsed === "object" && typeof parsed.id === "string")
      return { id: parsed.id, ...(typeof parsed.actor === "string" ? { actor: parsed.actor } : {}) };
  } catch {
    // not JSON: a bare ID
  }
  return { id: raw };
}
