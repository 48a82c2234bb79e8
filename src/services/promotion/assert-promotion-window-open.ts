import { Code, ConnectError } from "@connectrpc/connect";
import {
  applicablePromotionWindows,
  CLUSTER_CONFIG_NAME,
  promotionWindowClosedMessage,
  promotionWindowStatus,
  type PromotionWindowSources,
  type PromotionWindowStatus,
  type Stage,
} from "../../domain/index.js";
import { nameAndLabelsMatches } from "../../domain/selectors/index.js";
import { RESOURCES, type KubeCaches } from "../../kube/index.js";

/** What the promotion-window check needs: the caches and the clock. */
export interface PromotionWindowDeps {
  readonly caches: KubeCaches;
  /** The system clock outside tests. */
  readonly promotionWindowClock?: () => Date;
}

/** The caches promotion windows are read from (ProjectConfig, ClusterConfig, Project). */
const WINDOW_SOURCES = [RESOURCES.projectconfigs, RESOURCES.clusterconfigs, RESOURCES.projects] as const;

/** Resolves once the caches promotion windows are read from are synced (at once when they are). */
export async function promotionWindowCachesSynced(deps: PromotionWindowDeps): Promise<void> {
  if (!promotionWindowCachesAreSynced(deps)) await Promise.all(WINDOW_SOURCES.map((type) => deps.caches.cache(type).synced));
}

/** Whether the caches promotion windows are read from are synced (starting their informers if not started). */
export function promotionWindowCachesAreSynced(deps: PromotionWindowDeps): boolean {
  for (const type of WINDOW_SOURCES) if (!deps.caches.cache(type).isSynced) return false;
  return true;
}

/**
 * Where a project's promotion windows come from, read from the API server's caches (ProjectConfig,
 * ClusterConfig, Project) — in either mode, so the API reports and enforces windows on a cluster
 * too, where Kargo OSS's controllers ignore them. The caches must be synced
 * (promotionWindowCachesSynced).
 */
export function cachedPromotionWindowSources(deps: PromotionWindowDeps, project: string): PromotionWindowSources {
  const [configs, clusterConfigs, projects] = WINDOW_SOURCES.map((type) => deps.caches.cache(type));
  return {
    projectConfig: configs!.get(project, project),
    clusterConfig: clusterConfigs!.get(undefined, CLUSTER_CONFIG_NAME),
    project: projects!.get(undefined, project),
  };
}

/** A Stage's promotion-window state now (the clock read once), evaluated afresh: what promotions are checked against. */
export async function promotionWindowStatusOf(deps: PromotionWindowDeps, stage: Stage): Promise<PromotionWindowStatus> {
  await promotionWindowCachesSynced(deps);
  const sources = cachedPromotionWindowSources(deps, stage.metadata.namespace ?? "");
  return promotionWindowStatus(applicablePromotionWindows(sources, stage, nameAndLabelsMatches), promotionWindowNow(deps));
}

/** The promotion-window clock's time: the injected clock in tests, the system clock otherwise. */
export function promotionWindowNow(deps: PromotionWindowDeps): Date {
  return (deps.promotionWindowClock ?? (() => new Date()))();
}

/**
 * FAILED_PRECONDITION, naming the window and when promotions resume, while the Stage's promotion
 * windows are closed. Called by every API path that creates a Promotion (submitPromotion for
 * PromoteToStage and PromoteDownstream, manifests in resource/write-object.ts); embedded admission
 * checks again (validate-promotion-window.ts) for kubectl and auto-promotion.
 */
export async function assertPromotionWindowOpen(deps: PromotionWindowDeps, stage: Stage): Promise<void> {
  const status = await promotionWindowStatusOf(deps, stage);
  if (status.state === "Closed") {
    throw new ConnectError(promotionWindowClosedMessage(stage.metadata.namespace ?? "", stage.metadata.name ?? "", status), Code.FailedPrecondition);
  }
}
