import { create } from "@bufbuild/protobuf";
import { EvaluatedLinkSchema, type EvaluatedLink } from "../../../gen/kargo/api/v1/deep_link_pb.js";
import { CLUSTER_CONFIG_NAME } from "../../domain/index.js";
import { conditionTemplate, evaluateTemplate, toText } from "../../domain/expressions/index.js";
import { RESOURCES, type KubeCaches, type KubeObject } from "../../kube/index.js";

/** Which links: `stageLinks` for a Stage, `freightLinks` for a Freight. */
export type DeepLinkKind = "stage" | "freight";

/** A `{title, url, description?, if?}` entry of a (Cluster|Project)Config's stageLinks/freightLinks. */
interface DeepLink {
  title?: unknown;
  url?: unknown;
  description?: unknown;
  if?: unknown;
}

/**
 * Bounds on work a config's author can make every reader of a Stage pay for: links evaluated per
 * config, characters of one `url` or `if` template, characters of an evaluated URL or error.
 */
export const DEEP_LINK_LIMITS = { linksPerConfig: 100, templateChars: 4096, resultChars: 8192, errorChars: 512 } as const;

/**
 * Evaluates the deep links of the ClusterConfig, then of the project's ProjectConfig (both from the
 * caches; a missing config has no links), for one Stage or Freight, with the promotion steps'
 * expression engine. The environment is `project` (its name) and `stage` or `freight` (the object
 * as Kubernetes JSON: `stage.metadata.name`, `freight.images[0].tag` …). A link whose `if` is
 * false is left out; a link whose `url` or `if` fails (syntax, evaluation, a non-boolean `if`,
 * over a bound) is returned with `error` set and no URL: one bad template never hides the others
 * nor fails the call.
 */
export async function evaluateDeepLinks(caches: KubeCaches, project: string, kind: DeepLinkKind, object: KubeObject): Promise<EvaluatedLink[]> {
  const clusterConfigs = caches.cache(RESOURCES.clusterconfigs);
  const projectConfigs = caches.cache(RESOURCES.projectconfigs);
  await Promise.all([clusterConfigs.synced, projectConfigs.synced]);
  const field = kind === "stage" ? "stageLinks" : "freightLinks";
  const env = { project, [kind]: object };
  const sources: [string, KubeObject | undefined][] = [
    ["ClusterConfig", clusterConfigs.get(undefined, CLUSTER_CONFIG_NAME)],
    ["ProjectConfig", projectConfigs.get(project, project)],
  ];
  const links: EvaluatedLink[] = [];
  for (const [source, config] of sources) {
    const declared = (config?.["spec"] as Record<string, unknown> | undefined)?.[field];
    if (!Array.isArray(declared)) continue;
    declared.forEach((link: DeepLink, index) => {
      const evaluated =
        index < DEEP_LINK_LIMITS.linksPerConfig
          ? evaluateLink(link, env)
          : { error: `not evaluated: more than ${DEEP_LINK_LIMITS.linksPerConfig} links in the ${source}` };
      if (evaluated === "hidden") return;
      links.push(create(EvaluatedLinkSchema, { title: text(link.title), description: text(link.description), source, ...evaluated }));
    });
  }
  return links;
}

function evaluateLink(link: DeepLink, env: Record<string, unknown>): { url: string } | { error: string } | "hidden" {
  try {
    const condition = text(link.if);
    if (condition !== "") {
      const shown = evaluateTemplate(conditionTemplate(bounded(condition, "if")), env);
      if (typeof shown !== "boolean")
        return { error: `if: the condition must be a boolean, got ${clip(JSON.stringify(shown) ?? "undefined", DEEP_LINK_LIMITS.errorChars)}` };
      if (!shown) return "hidden";
    }
    const url = toText(evaluateTemplate(bounded(text(link.url), "url"), env));
    if (url.length > DEEP_LINK_LIMITS.resultChars) return { error: `url: the evaluated URL is longer than ${DEEP_LINK_LIMITS.resultChars} characters` };
    return { url };
  } catch (error) {
    // ExpressionErrors, and a RangeError from a pathological nesting: reported on the link alone.
    return { error: clip(error instanceof Error ? error.message : String(error), DEEP_LINK_LIMITS.errorChars) };
  }
}

function bounded(template: string, field: string): string {
  if (template.length > DEEP_LINK_LIMITS.templateChars) throw new Error(`${field}: the template is longer than ${DEEP_LINK_LIMITS.templateChars} characters`);
  return template;
}

function text(value: unknown): string {
  return typeof value === "string" ? value : "";
}

function clip(value: string, length: number): string {
  return value.length > length ? `${value.slice(0, length)}…` : value;
}
