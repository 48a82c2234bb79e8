import { Code, ConnectError } from "@connectrpc/connect";
import type { PromotionTaskLookup } from "../../domain/inflate-promotion-steps.js";
import { isPromotionBuildError } from "../../domain/promotion-build-error.js";
import { promotionFromStage } from "../../domain/promotion-from-stage.js";
import type { Promotion, PromotionTask, Stage } from "../../domain/types.js";
import { RESOURCES, type KubeCaches } from "../../kube/index.js";

/**
 * The Promotion of `freight` into `stage`, complete as Kargo's webhook would make it (domain
 * promotionFromStage: final name, owner, labels, steps and vars with PromotionTasks inflated,
 * create-actor). Built by the API server so the response names the Promotion at once and a
 * Stage without steps, or with a broken task reference, is refused before anything is written:
 * FAILED_PRECONDITION with the reason (Kargo: a 422 from its webhook, i.e. INVALID_ARGUMENT).
 */
export async function buildPromotion(caches: KubeCaches, stage: Stage, freight: string, actor: string): Promise<Promotion> {
  const steps = stage.spec?.promotionTemplate?.spec?.steps ?? [];
  const lookup = steps.some((step) => step.task !== undefined) ? await promotionTaskLookup(caches, stage.metadata.namespace ?? "") : () => undefined;
  try {
    return promotionFromStage(stage, freight, { promotionTasks: lookup, actor });
  } catch (error) {
    if (isPromotionBuildError(error)) throw new ConnectError(error.message, Code.FailedPrecondition, undefined, undefined, error);
    throw error;
  }
}

/** Finds (Cluster)PromotionTasks in the caches (synced first; started only for Stages that use tasks). */
async function promotionTaskLookup(caches: KubeCaches, project: string): Promise<PromotionTaskLookup> {
  const tasks = caches.cache(RESOURCES.promotiontasks);
  const clusterTasks = caches.cache(RESOURCES.clusterpromotiontasks);
  await Promise.all([tasks.synced, clusterTasks.synced]);
  return (kind, name) => (kind === "ClusterPromotionTask" ? clusterTasks.get(undefined, name) : tasks.get(project, name)) as PromotionTask | undefined;
}
