import { Code, ConnectError } from "@connectrpc/connect";

/** A policy rule as JSON (Kubernetes rbac/v1 PolicyRule, group-less input allowed). */
export interface RuleInput {
  readonly verbs?: readonly string[];
  readonly apiGroups?: readonly string[];
  readonly resources?: readonly string[];
  readonly resourceNames?: readonly string[];
}

/** A normalised rule: exactly one group, one resource, at most one resource name; verbs sorted. */
export interface NormalizedRule {
  readonly apiGroups: [string];
  readonly resources: [string];
  readonly resourceNames?: [string];
  readonly verbs: string[];
}

/** The verbs `*` stands for (Kargo's list). */
export const ALL_STANDARD_VERBS: readonly string[] = ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"];

/** Custom verbs per `group/resource` that `*` also means when storing or checking escalation. */
const CUSTOM_VERBS: Readonly<Record<string, readonly string[]>> = { "kargo.akuity.io/stages": ["promote"] };

/** Options of {@link normalizeRules}. */
export interface NormalizeOptions {
  /**
   * Expand `*` with custom verbs (`promote` on stages) too: true when storing and for escalation
   * checks, false for display.
   */
  readonly customVerbs: boolean;
  /** Field path for error messages, e.g. "role.rules". */
  readonly field: string;
  /** The API group of a group-less rule's resource (discovery); throws for unknown resources. */
  readonly groupOf: (resource: string, field: string) => Promise<string> | string;
}

/**
 * Kargo's rule normalisation: every rule is exploded into atomic rules
 * keyed `<group>/<resource>[/<name>]`, rules with the same key merged (verbs unioned), verbs
 * trimmed, de-duplicated, sorted, `*` expanded; the result sorted by key. Resources must look like
 * plural resource names (INVALID_ARGUMENT naming the field otherwise, with Kargo's "did you mean"
 * hint); rules without apiGroups get their group from `groupOf` (discovery).
 */
export async function normalizeRules(rules: readonly RuleInput[], options: NormalizeOptions): Promise<NormalizedRule[]> {
  const byKey = new Map<string, { group: string; resource: string; name?: string; verbs: Set<string> }>();
  for (const [index, rule] of rules.entries()) {
    const field = `${options.field}[${index}]`;
    const resources = (rule.resources ?? []).map((r) => r.trim()).filter((r) => r !== "");
    if (resources.length === 0) throw invalid(`${field}.resources should not be empty`);
    const verbs = (rule.verbs ?? []).map((v) => v.trim()).filter((v) => v !== "");
    if (verbs.length === 0) throw invalid(`${field}.verbs should not be empty`);
    const names = (rule.resourceNames ?? []).map((n) => n.trim()).filter((n) => n !== "");
    for (const resource of resources) {
      validateResource(resource, `${field}.resources`);
      const groups = rule.apiGroups !== undefined && rule.apiGroups.length > 0 ? [...rule.apiGroups] : [await options.groupOf(resource, `${field}.resources`)];
      for (const group of groups) {
        for (const name of names.length > 0 ? names : [undefined]) {
          const key = `${group || "core"}/${resource}${name === undefined ? "" : `/${name}`}`;
          let entry = byKey.get(key);
          if (entry === undefined) {
            entry = { group, resource, ...(name === undefined ? {} : { name }), verbs: new Set() };
            byKey.set(key, entry);
          }
          for (const verb of expandVerbs(verbs, group, resource, options.customVerbs)) entry.verbs.add(verb);
        }
      }
    }
  }
  return [...byKey.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, e]) => ({
      apiGroups: [e.group],
      resources: [e.resource],
      ...(e.name === undefined ? {} : { resourceNames: [e.name] as [string] }),
      verbs: [...e.verbs].sort(),
    }));
}

/** Verbs with `*` replaced by every standard verb (and the resource's custom verbs when asked). */
export function expandVerbs(verbs: readonly string[], group: string, resource: string, customVerbs: boolean): string[] {
  const out = new Set<string>();
  for (const verb of verbs) {
    if (verb !== "*") {
      out.add(verb);
      continue;
    }
    for (const v of ALL_STANDARD_VERBS) out.add(v);
    if (customVerbs) for (const v of CUSTOM_VERBS[`${group}/${resource}`] ?? []) out.add(v);
  }
  return [...out].sort();
}

/**
 * A resource must be a plural resource name, optionally with a subresource ("freights/status").
 * Kargo's test is "ends in s"; it rejects `*` too, since a Kargo Role is about named kinds.
 */
export function validateResource(resource: string, field: string): void {
  const base = resource.split("/", 1)[0]!;
  if (base === "*" || base === "") throw invalid(`${field}: unrecognized resource type "${resource}"`);
  if (!base.endsWith("s")) throw invalid(`${field}: unrecognized resource type "${base}"; did you mean "${base}s"?`);
}

function invalid(message: string): ConnectError {
  return new ConnectError(message, Code.InvalidArgument);
}
