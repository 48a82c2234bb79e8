import type { IncomingHttpHeaders } from "node:http";
import { normalizeChartRepoUrl } from "../../../domain/normalize-chart-repo-url.js";
import { normalizeGitUrl } from "../../../domain/normalize-git-url.js";
import { evaluateSource, evaluateTemplate } from "../../../domain/expressions/index.js";
import { labelSelectorMatcher, type LabelSelectorObject } from "../../../domain/selectors/index.js";
import type { Warehouse } from "../warehouse/warehouse-discoverer.js";
import { subscribedURLs } from "./subscribed-urls.js";

/** One `actions[]` entry of a `generic` receiver (Kargo v1.11's GenericWebhookAction). */
interface GenericAction {
  action?: string;
  whenExpression?: string;
  parameters?: Record<string, string>;
  targetSelectionCriteria?: {
    kind?: string;
    name?: string;
    labelSelector?: LabelSelectorObject;
    indexSelector?: { matchIndices?: { key?: string; operator?: string; value?: string }[] };
  }[];
}

/** What the request did, action by action, as Kargo answers it (`actionResults`). */
export interface ActionResult {
  actionType: string;
  whenExpression: string;
  satisfied: boolean;
  evalError?: string;
  targetResults?: { kind: string; name?: string; listError?: string; refreshResults?: { success?: string; failure?: string }[] }[];
}

/** How the generic receiver reaches Warehouses: those of its project, and the refresh of some. */
export interface GenericTargets {
  list(): Promise<readonly Warehouse[]>;
  /** Refreshes these Warehouses; answers, per Warehouse, `namespace/name` or why not. */
  refresh(warehouses: readonly Warehouse[]): Promise<{ success?: string; failure?: string }[]>;
}

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** Evaluates `text` as a `${{ … }}` template (or plain text) that must give a string. */
function evaluateString(text: string, env: Record<string, unknown>, what: string): string {
  const value = evaluateTemplate(text, env);
  if (typeof value !== "string") throw new Error(`${what} ${JSON.stringify(text)} evaluated to ${value === null ? "nil" : typeof value}, not a string`);
  return value;
}

/** A `whenExpression` is an expression, bare or in `${{ }}`; empty means always. */
function whenHolds(expression: string, env: Record<string, unknown>): boolean {
  if (expression.trim() === "") return true;
  const value = expression.includes("${{") ? evaluateTemplate(expression, env) : evaluateSource(expression, env);
  if (typeof value !== "boolean") throw new Error(`whenExpression evaluated to ${value === null ? "nil" : typeof value}; expected a boolean`);
  return value;
}

/**
 * Kargo's `generic` webhook receiver: the request (its JSON body, headers, method and URL) is
 * exposed to expressions — in the embedded expression engine — as `request.body`,
 * `request.header(name)` (first value, "" when absent), `request.headers(name)` (all values),
 * `request.method`, `request.url`, with `normalizeGit`, `normalizeImage`, `normalizeChart` and
 * the action's `parameters` (each a template, evaluated first) as `params`. Each action whose
 * `whenExpression` holds runs: `Refresh` (the only type) refreshes every Warehouse of the project
 * meeting all of a criterion's `name` (a template), `labelSelector` (`matchExpressions` values are
 * templates) and `indexSelector.matchIndices` (`subscribedURLs` `Equal`/`NotEqual` the value: a
 * Warehouse subscribing to that normalised repository URL). A criterion with none of them, an
 * unknown key or operator, or an expression error is recorded in the action's result, and the
 * request answers 500 so the sender sees it; otherwise 200.
 */
export async function runGenericActions(
  config: { actions?: GenericAction[] },
  request: { headers: IncomingHttpHeaders; method: string; url: string; body: unknown },
  targets: GenericTargets,
): Promise<{ status: 200 | 500; actionResults: ActionResult[] }> {
  const values = (name: unknown): string[] => {
    const value = request.headers[String(name).toLowerCase()];
    return value === undefined ? [] : Array.isArray(value) ? value : [value];
  };
  const base: Record<string, unknown> = {
    normalizeGit: (url: unknown) => normalizeGitUrl(String(url ?? "")),
    normalizeImage: (url: unknown) => normalizeChartRepoUrl(String(url ?? "")),
    normalizeChart: (url: unknown) => normalizeChartRepoUrl(String(url ?? "")),
    request: { header: (name: unknown) => values(name)[0] ?? "", headers: values, body: request.body, method: request.method, url: request.url },
  };
  let warehouses: readonly Warehouse[] | undefined;
  const results: ActionResult[] = [];
  let failed = false;
  for (const action of config.actions ?? []) {
    const result: ActionResult = { actionType: action.action ?? "", whenExpression: action.whenExpression ?? "", satisfied: false };
    results.push(result);
    let env: Record<string, unknown>;
    try {
      const params: Record<string, string> = {};
      for (const [key, value] of Object.entries(action.parameters ?? {})) params[key] = evaluateString(value, { ...base, params }, `parameter ${key}`);
      env = { ...base, params };
      result.satisfied = whenHolds(action.whenExpression ?? "", env);
    } catch (error) {
      result.evalError = message(error);
      failed = true;
      continue;
    }
    if (!result.satisfied) continue;
    if (action.action !== "Refresh") {
      result.evalError = `action ${JSON.stringify(action.action ?? "")} is not supported (Refresh is)`;
      failed = true;
      continue;
    }
    result.targetResults = [];
    for (const criterion of action.targetSelectionCriteria ?? []) {
      const target: NonNullable<ActionResult["targetResults"]>[number] = { kind: criterion.kind ?? "", ...(criterion.name ? { name: criterion.name } : {}) };
      result.targetResults.push(target);
      try {
        if (criterion.kind !== "Warehouse") throw new Error(`unsupported target kind ${JSON.stringify(criterion.kind ?? "")}`);
        const matchers: ((warehouse: Warehouse) => boolean)[] = [];
        if (criterion.name) {
          const name = evaluateString(criterion.name, env, "name");
          matchers.push((w) => w.metadata.name === name);
        }
        if (criterion.labelSelector) {
          const selector = criterion.labelSelector;
          const expressions = (selector.matchExpressions ?? []).map((requirement) => ({
            ...requirement,
            ...(requirement.values ? { values: requirement.values.map((v) => evaluateString(v, env, "label value")) } : {}),
          }));
          const matches = labelSelectorMatcher({ ...(selector.matchLabels ? { matchLabels: selector.matchLabels } : {}), matchExpressions: expressions });
          matchers.push((w) => matches(w.metadata.labels ?? {}));
        }
        for (const index of criterion.indexSelector?.matchIndices ?? []) {
          if (index.key !== "subscribedURLs") throw new Error(`index ${JSON.stringify(index.key ?? "")} is not supported for Warehouses (subscribedURLs is)`);
          if (index.operator !== "Equal" && index.operator !== "NotEqual")
            throw new Error(`unsupported operator ${JSON.stringify(index.operator ?? "")} in index selector (Equal, NotEqual)`);
          const url = evaluateString(index.value ?? "", env, "index value");
          const equal = index.operator === "Equal";
          matchers.push((w) => subscribedURLs(w).has(url) === equal);
        }
        if (matchers.length === 0) throw new Error("a target needs a name, a labelSelector or an indexSelector");
        warehouses ??= await targets.list();
        target.refreshResults = await targets.refresh(warehouses.filter((w) => matchers.every((matches) => matches(w))));
        if (target.refreshResults.some((r) => r.failure)) failed = true;
      } catch (error) {
        target.listError = message(error);
        failed = true;
      }
    }
  }
  return { status: failed ? 500 : 200, actionResults: results };
}
