import {
  applicablePromotionWindows,
  promotionWindowStatusJson,
  promotionWindowStatusUntil,
  promotionWindowsMayApply,
  promotionWindowsOf,
  type PromotionWindowSources,
  type Stage,
} from "../../domain/index.js";
import { nameAndLabelsMatches } from "../../domain/selectors/index.js";
import type { KubeCaches, KubeObject } from "../../kube/index.js";
import { deepFreeze } from "../../util/deep-freeze.js";
import {
  cachedPromotionWindowSources,
  promotionWindowCachesAreSynced,
  promotionWindowCachesSynced,
  promotionWindowNow,
  type PromotionWindowDeps,
} from "../promotion/assert-promotion-window-open.js";

/** Gives a Stage of one project with `status.promotionWindowStatus` as evaluating it now would (synchronous). */
export type WithPromotionWindowStatus = (stage: KubeObject) => KubeObject;

/** What a project's Stages' windows depend on, as last seen in the caches. */
interface ProjectWindows {
  /** The cache objects last seen (frozen, replaced on every change): while the same, nothing changed. */
  sources: PromotionWindowSources;
  /** The windows' content (and the Project's labels, which ClusterConfig windows select on). */
  content: string;
  /** A new object whenever `content` changes: a status evaluated under another generation is stale. */
  generation: object;
  /** False when no window can apply to any of the project's Stages (promotionWindowsMayApply). */
  mayApply: boolean;
}

/** A Stage version's evaluated status and the derived Stage handed out while it holds. */
interface Evaluated {
  readonly generation: object;
  /** The status holds for clock times in [from, until) (promotionWindowStatusUntil). */
  readonly from: number;
  readonly until: number;
  /** The status as JSON text: a re-evaluation giving the same text keeps `stage`. */
  readonly key: string;
  readonly stage: KubeObject;
}

/** Per server (its caches): per project, its windows. */
const projectsOf = new WeakMap<KubeCaches, Map<string, ProjectWindows>>();

/**
 * Per cache object (one Stage version): its status and the last Stage made from it. While the
 * status holds, every reader gets that same frozen object, so toMessage's per-object memo and the
 * encode-once cache (issue 18) keep working: one message and one encoding per Stage version and
 * window status, not a conversion per Stage per call. A re-evaluation that gives the same status
 * (a window boundary where nothing visible changes, an unrelated ProjectConfig change) keeps it too.
 */
const evaluated = new WeakMap<KubeObject, Evaluated>();

const NO_WINDOW = (() => {
  const span = promotionWindowStatusUntil([], new Date(0));
  const json = deepFreeze(promotionWindowStatusJson(span.status));
  return { json, key: JSON.stringify(json) };
})();

/**
 * For one call on `project`'s Stages: a function giving each Stage with
 * `status.promotionWindowStatus` equal to evaluating it now from the caches, so Stages report their
 * windows in either mode (on a cluster nothing else writes the field) and `nextChange` is never
 * stale. The caches are read and the clock once per call; a Stage's status is evaluated only when
 * its Stage, the project's windows (ProjectConfig, ClusterConfig, the Project's labels) or the
 * clock's position relative to the status's validity (its next window boundary) changed since
 * last time — otherwise it is a lookup. A project no window applies to costs one lookup per Stage.
 * The cache's objects are not changed; for a cache object (frozen) the result is frozen and
 * shared while the status is unchanged (see `evaluated`); otherwise a fresh object.
 */
export async function withPromotionWindowStatus(deps: PromotionWindowDeps, project: string): Promise<WithPromotionWindowStatus> {
  // Synced (every call after the start): no await, one microtask hop less per GetStage/ListStages.
  if (!promotionWindowCachesAreSynced(deps)) await promotionWindowCachesSynced(deps);
  return withPromotionWindowStatusNow(deps, project);
}

/** withPromotionWindowStatus once the caches are synced (promotionWindowCachesSynced), synchronously: for each watch event. */
export function withPromotionWindowStatusNow(deps: PromotionWindowDeps, project: string): WithPromotionWindowStatus {
  const windows = projectWindows(deps.caches, project, cachedPromotionWindowSources(deps, project));
  const now = promotionWindowNow(deps).getTime();
  return (stage) => {
    if (!Object.isFrozen(stage)) return withStatus(stage, { ...evaluate(windows, stage, now).json });
    const last = evaluated.get(stage);
    if (last !== undefined && last.generation === windows.generation && now >= last.from && now < last.until) return last.stage;
    const { json, key, from, until } = evaluate(windows, stage, now);
    const made = last !== undefined && last.key === key ? last.stage : deepFreeze(withStatus(stage, json));
    evaluated.set(stage, { generation: windows.generation, from, until, key, stage: made });
    return made;
  };
}

/** The project's windows, a new generation only when what they depend on changed. */
function projectWindows(caches: KubeCaches, project: string, sources: PromotionWindowSources): ProjectWindows {
  let projects = projectsOf.get(caches);
  if (projects === undefined) projectsOf.set(caches, (projects = new Map()));
  const known = projects.get(project);
  if (
    known !== undefined &&
    known.sources.projectConfig === sources.projectConfig &&
    known.sources.clusterConfig === sources.clusterConfig &&
    known.sources.project === sources.project
  )
    return known;
  const content = contentOf(sources);
  if (known !== undefined && known.content === content) {
    known.sources = sources;
    return known;
  }
  const windows: ProjectWindows = { sources, content, generation: {}, mayApply: promotionWindowsMayApply(sources, project, nameAndLabelsMatches) };
  projects.set(project, windows);
  return windows;
}

function contentOf(sources: PromotionWindowSources): string {
  const cluster = promotionWindowsOf(sources.clusterConfig) ?? null;
  return JSON.stringify([promotionWindowsOf(sources.projectConfig) ?? null, cluster, cluster === null ? null : (sources.project?.metadata.labels ?? null)]);
}

function evaluate(windows: ProjectWindows, stage: KubeObject, now: number): { json: Record<string, string>; key: string; from: number; until: number } {
  if (!windows.mayApply) return { ...NO_WINDOW, from: Number.NEGATIVE_INFINITY, until: Number.POSITIVE_INFINITY };
  const span = promotionWindowStatusUntil(applicablePromotionWindows(windows.sources, stage as Stage, nameAndLabelsMatches), new Date(now));
  const json = promotionWindowStatusJson(span.status);
  return { json, key: JSON.stringify(json), from: now, until: span.until };
}

function withStatus(stage: KubeObject, status: Record<string, string>): KubeObject {
  return { ...stage, status: { ...((stage["status"] as Record<string, unknown> | undefined) ?? {}), promotionWindowStatus: status } };
}
