import {
  CREATE_ACTOR_ANNOTATION,
  SHARD_LABEL,
  isPromotionBuildError,
  promotionFromStage,
  type Promotion,
  type PromotionTask,
  type Stage,
} from "../../domain/index.js";
import type { AdmissionContext } from "../api/api-context.js";
import { invalid } from "../api/api-error.js";
import type { ResourceType } from "../resources/resource-types.js";
import type { KubeObject, ObjectStore } from "../store/types.js";
import { isControlPlaneUser, kubernetesActor } from "./is-control-plane-user.js";
import { TYPES } from "./kargo-types.js";

/** Options of mutatePromotion. */
export interface MutatePromotionOptions {
  kargoNamespace: string;
  now: Date;
}

/**
 * Kargo's Promotion defaulting webhook, on create: the Stage (`spec.stage`) must exist (422); the
 * Promotion is then completed from it by promotionFromStage — name `<stage>.<ULID>.<freight[:7]>`
 * (replacing any given name or generateName, as Kargo forces it), steps and vars from the Stage's
 * template with PromotionTask references inflated (422 when the template has no steps or a task
 * cannot be inflated), stage label and annotation, shard label (removed when the Stage has no
 * shard), controller owner reference to the Stage. Labels, annotations and owner references of the
 * request are kept otherwise. `kargo.akuity.io/create-actor` is kept only when the requester is
 * the control plane (the API server stamps the real user); anyone else is recorded as
 * `kubernetes:<username>`. Updates pass through (validatePromotion keeps spec immutable).
 */
export function mutatePromotion(
  store: ObjectStore,
  type: ResourceType,
  object: KubeObject,
  old: KubeObject | undefined,
  context: AdmissionContext | undefined,
  options: MutatePromotionOptions,
): KubeObject {
  const promotion = object as Promotion & KubeObject;
  const spec = promotion.spec ?? ({} as Promotion["spec"]);
  if (old || !spec.stage || !spec.freight) return object; // structural validation reports what is missing
  const namespace = promotion.metadata.namespace!;
  const requestName = promotion.metadata.name ?? promotion.metadata.generateName ?? "";
  const stage = store.get(TYPES.stages, namespace, spec.stage) as Stage | undefined;
  if (!stage) {
    throw invalid(type, requestName, [
      { field: "spec.stage", reason: "FieldValueNotFound", message: `Not found: "${spec.stage}": no such Stage in project "${namespace}"` },
    ]);
  }
  const controlPlane = context !== undefined && isControlPlaneUser(context.user, options.kargoNamespace);
  const requestActor = promotion.metadata.annotations?.[CREATE_ACTOR_ANNOTATION];
  const actor = context === undefined ? requestActor : controlPlane ? requestActor : kubernetesActor(context.user);
  let built: Promotion;
  try {
    built = promotionFromStage(stage, spec.freight, {
      promotionTasks: (kind, name) =>
        (kind === "ClusterPromotionTask" ? store.get(TYPES.clusterPromotionTasks, undefined, name) : store.get(TYPES.promotionTasks, namespace, name)) as
          | PromotionTask
          | undefined,
      now: options.now,
      ...(actor !== undefined ? { actor } : {}),
    });
  } catch (error) {
    if (!isPromotionBuildError(error)) throw error;
    throw invalid(type, requestName, [
      { field: error.problem === "no-steps" ? "spec.stage" : "spec.steps", reason: "FieldValueInvalid", message: error.message },
    ]);
  }
  const labels = { ...(promotion.metadata.labels ?? {}), ...built.metadata.labels };
  if (!stage.spec?.shard) delete labels[SHARD_LABEL];
  const ownerReferences = [
    ...built.metadata.ownerReferences!,
    ...(promotion.metadata.ownerReferences ?? []).filter((ref) => !ref.controller && ref.uid !== stage.metadata.uid),
  ];
  const { generateName: _ignored, ...metadata } = promotion.metadata;
  const { vars: _vars, steps: _steps, ...requestSpec } = spec;
  return {
    ...promotion,
    metadata: {
      ...metadata,
      name: built.metadata.name!,
      labels,
      annotations: { ...(promotion.metadata.annotations ?? {}), ...built.metadata.annotations },
      ownerReferences: ownerReferences as NonNullable<KubeObject["metadata"]["ownerReferences"]>,
    },
    spec: { ...requestSpec, ...built.spec },
  };
}
