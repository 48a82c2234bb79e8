import { compilePromotionWindow, PROMOTION_WINDOW_LIMITS, type CompiledPromotionWindow, type PromotionWindow } from "./compile-promotion-window.js";
import type { ApplicablePromotionWindow } from "./promotion-window-status.js";
import type { KubeObject, Stage } from "./types.js";

/** Tests a Kargo name-and-labels selector (nameAndLabelsMatches, src/domain/selectors/name-and-labels-matches.ts). */
export type SelectorMatches = (
  selector: NonNullable<PromotionWindow["stageSelector"]>,
  name: string,
  labels: Readonly<Record<string, string>> | undefined,
) => boolean;

/** Where a Stage's windows are read from. */
export interface PromotionWindowSources {
  /** The project's ProjectConfig (named after the project), if any. */
  projectConfig?: KubeObject | undefined;
  /** The ClusterConfig (named `cluster`), if any. */
  clusterConfig?: KubeObject | undefined;
  /** The Project object (its labels feed ClusterConfig `projectSelector`). */
  project?: KubeObject | undefined;
}

/** A ProjectConfig's or ClusterConfig's `spec.promotionWindows` as stored (unchecked JSON); undefined when absent. */
export function promotionWindowsOf(config: KubeObject | undefined): unknown {
  return (config?.["spec"] as { promotionWindows?: unknown } | undefined)?.promotionWindows;
}

const compiled = new Map<string, CompiledPromotionWindow>();

/**
 * The windows that apply to a Stage: the ProjectConfig's whose `stageSelector` matches it (absent:
 * every Stage), and the ClusterConfig's whose `projectSelector` matches the Project and
 * `stageSelector` the Stage. At most PROMOTION_WINDOW_LIMITS.windows per config are read; more
 * make one invalid window (which blocks, see promotionWindowStatus). Compiled windows are cached
 * by content.
 */
export function applicablePromotionWindows(sources: PromotionWindowSources, stage: Stage, matches: SelectorMatches): ApplicablePromotionWindow[] {
  const stageName = stage.metadata.name ?? "";
  const projectName = stage.metadata.namespace ?? "";
  const result: ApplicablePromotionWindow[] = [];
  const read = (config: KubeObject | undefined, source: string, cluster: boolean) => {
    const windows = promotionWindowsOf(config);
    if (!Array.isArray(windows) || windows.length === 0) return;
    if (windows.length > PROMOTION_WINDOW_LIMITS.windows) {
      const window = { name: "promotionWindows", kind: "Deny", dtstart: "", dtend: "" };
      result.push({ source, compiled: { ok: false, window, problem: `more than ${PROMOTION_WINDOW_LIMITS.windows} windows` } });
      return;
    }
    for (const raw of windows as PromotionWindow[]) {
      if (typeof raw !== "object" || raw === null) continue;
      if (cluster && raw.projectSelector && !matches(raw.projectSelector, projectName, sources.project?.metadata.labels)) continue;
      if (raw.stageSelector && !matches(raw.stageSelector, stageName, stage.metadata.labels)) continue;
      result.push({ source, compiled: compile(raw) });
    }
  };
  read(sources.projectConfig, "ProjectConfig", false);
  read(sources.clusterConfig, "ClusterConfig", true);
  return result;
}

function compile(window: PromotionWindow): CompiledPromotionWindow {
  const key = JSON.stringify([window.name, window.kind, window.rrule, window.dtstart, window.dtend, window.disabled]);
  let found = compiled.get(key);
  if (!found) {
    // Bounded: a flood of distinct windows evicts the oldest entries instead of growing memory.
    if (compiled.size >= 1000) compiled.delete(compiled.keys().next().value!);
    found = compilePromotionWindow(window);
    compiled.set(key, found);
  }
  return { ...found, window } as CompiledPromotionWindow;
}

/**
 * False when no window can apply to any Stage of `projectName`: the ProjectConfig has none and
 * every ClusterConfig window's `projectSelector` excludes the Project. Then every Stage's status is
 * that of no window (always open) and need not be evaluated per Stage. True otherwise (also for an
 * over-long or malformed list: applicablePromotionWindows decides what it means).
 */
export function promotionWindowsMayApply(sources: PromotionWindowSources, projectName: string, matches: SelectorMatches): boolean {
  const project = promotionWindowsOf(sources.projectConfig);
  if (Array.isArray(project) && project.length > 0) return true;
  const cluster = promotionWindowsOf(sources.clusterConfig);
  if (!Array.isArray(cluster) || cluster.length === 0) return false;
  if (cluster.length > PROMOTION_WINDOW_LIMITS.windows) return true;
  return (cluster as PromotionWindow[]).some(
    (raw) => typeof raw === "object" && raw !== null && (!raw.projectSelector || matches(raw.projectSelector, projectName, sources.project?.metadata.labels)),
  );
}
