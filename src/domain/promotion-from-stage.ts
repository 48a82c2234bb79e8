import { inflatePromotionSteps, type PromotionTaskLookup } from "./inflate-promotion-steps.js";
import { PromotionBuildError } from "./promotion-build-error.js";
import { promotionName } from "./promotion-name.js";
import { stageLabelValue } from "./stage-label-value.js";
import type { Promotion, Stage } from "./types.js";
import { CREATE_ACTOR_ANNOTATION, KARGO_API_VERSION, SHARD_LABEL, STAGE_ANNOTATION, STAGE_LABEL } from "./well-known-keys.js";

/** Inputs of promotionFromStage besides the Stage and the Freight name. */
export interface PromotionFromStageOptions {
  /** Resolves `task` references of the template's steps. */
  promotionTasks: PromotionTaskLookup;
  /** Stamped as `kargo.akuity.io/create-actor` when given (`email:alice@example.com`, `admin` …). */
  actor?: string;
  /** Creation time, carried by the name's ULID; default now. */
  now?: Date;
  /** Use this name instead of generating one (e.g. to keep a name across a retry). */
  name?: string;
}

/**
 * The Promotion of `freight` into `stage`, as Kargo's Promotion webhook completes one:
 * - name `<stage>.<ULID>.<first 7 of freight>` (promotionName), in the Stage's namespace;
 * - spec `{stage, freight, vars, steps}`: vars = the Stage's `spec.vars` followed by the
 *   template's `vars`; steps = the template's steps with PromotionTask references inflated
 *   (inflatePromotionSteps);
 * - label `kargo.akuity.io/stage` (stageLabelValue) and annotation `kargo.akuity.io/stage` (full
 *   name), label `kargo.akuity.io/shard` when the Stage has `spec.shard`;
 * - one controller owner reference to the Stage (blockOwnerDeletion), so deleting a Stage
 *   deletes its Promotions;
 * - annotation `kargo.akuity.io/create-actor` when an actor is given.
 * Throws PromotionBuildError "no-steps" when the Stage's template defines no steps (Kargo: "defines
 * no promotion steps"), or the inflation's errors. The Stage needs `metadata.uid` (as stored).
 */
export function promotionFromStage(stage: Stage, freight: string, options: PromotionFromStageOptions): Promotion {
  const stageName = stage.metadata.name ?? "";
  const namespace = stage.metadata.namespace ?? "";
  const template = stage.spec?.promotionTemplate?.spec;
  const templateSteps = template?.steps ?? [];
  if (templateSteps.length === 0) {
    throw new PromotionBuildError("no-steps", `Stage "${stageName}" in project "${namespace}" defines no promotion steps`);
  }
  const vars = [...(stage.spec?.vars ?? []), ...(template?.vars ?? [])].map((v) => ({ ...v }));
  const steps = inflatePromotionSteps(structuredClone(templateSteps), vars, options.promotionTasks);
  const labels: Record<string, string> = { [STAGE_LABEL]: stageLabelValue(stageName) };
  if (stage.spec?.shard) labels[SHARD_LABEL] = stage.spec.shard;
  const annotations: Record<string, string> = { [STAGE_ANNOTATION]: stageName };
  if (options.actor !== undefined) annotations[CREATE_ACTOR_ANNOTATION] = options.actor;
  return {
    apiVersion: KARGO_API_VERSION,
    kind: "Promotion",
    metadata: {
      name: options.name ?? promotionName(stageName, freight, options.now),
      namespace,
      labels,
      annotations,
      ownerReferences: [
        { apiVersion: KARGO_API_VERSION, kind: "Stage", name: stageName, uid: stage.metadata.uid ?? "", controller: true, blockOwnerDeletion: true },
      ],
    },
    spec: { stage: stageName, freight, ...(vars.length > 0 ? { vars } : {}), steps },
  };
}
