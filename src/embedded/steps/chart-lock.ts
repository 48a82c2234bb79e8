import { createHash } from "node:crypto";
import { stringify } from "yaml";

/** A chart dependency as Helm's `chart.Dependency` holds it (the fields of Chart.yaml's `dependencies[]`). */
export interface ChartDependency {
  name: string;
  version?: string;
  repository: string;
  condition?: string;
  tags?: string[];
  enabled?: boolean;
  "import-values"?: unknown[];
  alias?: string;
}

/** A locked dependency: what Chart.lock records for each dependency. */
export interface LockedDependency {
  name: string;
  version: string;
  repository: string;
}

/**
 * Chart.lock's `digest`, computed as Helm's resolver does (`HashReq`): `sha256:` and the hex SHA-256
 * of Go's `json.Marshal([2][]*chart.Dependency{requested, locked})` — the dependencies of
 * Chart.yaml and the locked ones, each object with `chart.Dependency`'s fields in their struct
 * order (`name`, `version`, `repository`, `condition`, `tags`, `enabled`, `import-values`,
 * `alias`; the `omitempty` ones left out when empty), and strings escaped as Go escapes them.
 * `helm dependency build` compares this digest with Chart.yaml to tell whether the lock is out of
 * date, so it must be byte-exact.
 */
export function chartLockDigest(requested: readonly ChartDependency[], locked: readonly LockedDependency[]): string {
  const json = `[${goJsonList(requested)},${goJsonList(locked)}]`;
  return `sha256:${createHash("sha256").update(json).digest("hex")}`;
}

/**
 * The text of a Chart.lock as Helm writes it (sigs.k8s.io/yaml over `chart.Lock`: keys in lexical
 * order, `generated` an RFC 3339 time with trailing zeros of the fraction dropped, as Go prints it).
 */
export function renderChartLock(locked: readonly LockedDependency[], digest: string, generated: Date): string {
  const time = generated.toISOString().replace(/\.?0+Z$/, "Z");
  return stringify(
    { dependencies: locked.map((d) => ({ name: d.name, repository: d.repository, version: d.version })), digest, generated: time },
    { indentSeq: false, defaultStringType: "PLAIN", defaultKeyType: "PLAIN" },
  );
}

function goJsonList(dependencies: readonly (ChartDependency | LockedDependency)[]): string {
  return dependencies.length === 0 ? "null" : `[${dependencies.map(goJsonDependency).join(",")}]`;
}

/** One `chart.Dependency` as Go's encoding/json writes it. */
function goJsonDependency(dependency: ChartDependency | LockedDependency): string {
  const d = dependency as ChartDependency;
  const fields: string[] = [`"name":${goJson(d.name)}`];
  if (d.version) fields.push(`"version":${goJson(d.version)}`);
  fields.push(`"repository":${goJson(d.repository ?? "")}`);
  if (d.condition) fields.push(`"condition":${goJson(d.condition)}`);
  if (d.tags && d.tags.length > 0) fields.push(`"tags":${goJson(d.tags)}`);
  if (d.enabled) fields.push(`"enabled":true`);
  if (d["import-values"] && d["import-values"].length > 0) fields.push(`"import-values":${goJson(d["import-values"])}`);
  if (d.alias) fields.push(`"alias":${goJson(d.alias)}`);
  return `{${fields.join(",")}}`;
}

/**
 * A value as Go's json.Marshal writes it: maps with their keys sorted, no spaces, and `<`, `>`,
 * `&`, U+2028 and U+2029 escaped (Go's HTML-safe default).
 */
function goJson(value: unknown): string {
  if (value === null || value === undefined) return "null";
  if (Array.isArray(value)) return `[${value.map(goJson).join(",")}]`;
  if (typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${goJson(k)}:${goJson(v)}`).join(",")}}`;
  }
  if (typeof value === "string") return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
  return JSON.stringify(value);
}
