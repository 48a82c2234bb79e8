import { posix } from "node:path";
import { compareSemver, parseSemver } from "./compare-semver.js";
import type { Freight } from "./types.js";

/** QueryFreight's `group_by`: "" for one group keyed "". */
export type FreightGroupBy = "" | "image_repo" | "git_repo" | "chart_repo";
/** QueryFreight's `order_by`: "" and "first_seen" order by discovery time. */
export type FreightOrderBy = "" | "first_seen" | "tag";

/** Options of groupFreight. */
export interface GroupFreightOptions {
  groupBy?: FreightGroupBy;
  /** Keep only this group (requires groupBy). */
  group?: string;
  orderBy?: FreightOrderBy;
  /** Reverse the order inside each group. */
  reverse?: boolean;
}

/**
 * The groups a Freight belongs to under `groupBy` (QueryFreight's `group_by`, as Kargo groups): one per image
 * `repoURL` (image_repo), per commit `repoURL` (git_repo), per chart `path.Join(repoURL, name)`
 * (chart_repo), de-duplicated; `[""]` without grouping. Freight without such artifacts is in no group.
 */
export function freightGroupKeys(freight: Freight, groupBy: FreightGroupBy = ""): string[] {
  let keys: string[];
  switch (groupBy) {
    case "image_repo":
      keys = (freight.images ?? []).map((image) => image.repoURL ?? "");
      break;
    case "git_repo":
      keys = (freight.commits ?? []).map((commit) => commit.repoURL ?? "");
      break;
    case "chart_repo":
      keys = (freight.charts ?? []).map((chart) => chartKey(chart.repoURL ?? "", chart.name ?? ""));
      break;
    default:
      return [""];
  }
  return [...new Set(keys)];
}

/**
 * QueryFreight's grouping and ordering: Freight into groups by freightGroupKeys (restricted to
 * `group` when set; a Freight appears in every group it has an artifact for), each group ordered
 * by compareFreight, reversed on request. Without grouping there is always the one group "".
 */
export function groupFreight<T extends Freight>(freight: readonly T[], options: GroupFreightOptions = {}): Map<string, T[]> {
  // Decorate, sort, undecorate: the sort keys (a Date.parse, a semver parse) are computed once per
  // Freight rather than on each of the sort's ~2·n·log n comparisons.
  const decorated = new Map<string, Array<SortKeys<T>>>();
  if (!options.groupBy) decorated.set("", []);
  const keysOf = new Map<T, SortKeys<T>>();
  for (const item of freight) {
    for (const key of freightGroupKeys(item, options.groupBy)) {
      if (options.group && key !== options.group) continue;
      let members = decorated.get(key);
      if (!members) decorated.set(key, (members = []));
      let keys = keysOf.get(item);
      if (!keys) keysOf.set(item, (keys = sortKeys(item, options.orderBy)));
      members.push(keys);
    }
  }
  const groups = new Map<string, T[]>();
  for (const [key, members] of decorated) {
    members.sort(compareSortKeys);
    if (options.reverse) members.reverse();
    groups.set(
      key,
      members.map((member) => member.freight),
    );
  }
  return groups;
}

/**
 * The order of Freight inside a group. By first seen (default): `discoveredAt`, else
 * `creationTimestamp`, oldest first. By tag: the tag of the first image (else the version of the
 * first chart), compared only when both Freight have the same repository there — by semantic
 * version when both parse, else as strings — falling back to first seen otherwise. Names break
 * ties so the order is total and stable across calls.
 */
export function compareFreight(a: Freight, b: Freight, orderBy: FreightOrderBy = ""): number {
  return compareSortKeys(sortKeys(a, orderBy), sortKeys(b, orderBy));
}

/** What compareFreight compares, computed once per Freight. */
interface SortKeys<T extends Freight> {
  freight: T;
  /** orderBy "tag" only: the repository and tag, and the tag parsed as a semantic version. */
  tag: { repo: string; tag: string; version: ReturnType<typeof parseSemver> } | undefined;
  firstSeen: number;
  name: string;
}

function sortKeys<T extends Freight>(freight: T, orderBy: FreightOrderBy | undefined): SortKeys<T> {
  const tagged = orderBy === "tag" ? repoAndTag(freight) : undefined;
  return {
    freight,
    tag: tagged && { ...tagged, version: parseSemver(tagged.tag) },
    firstSeen: firstSeen(freight),
    name: freight.metadata.name ?? "",
  };
}

function compareSortKeys<T extends Freight>(a: SortKeys<T>, b: SortKeys<T>): number {
  const left = a.tag;
  const right = b.tag;
  if (left && right && left.repo === right.repo && left.tag !== right.tag) {
    const x = left.version;
    const y = right.version;
    const byVersion = x && y ? compareSemver(x, y) : 0;
    if (byVersion !== 0) return byVersion;
    if (!(x && y)) return left.tag < right.tag ? -1 : 1;
  }
  const byTime = a.firstSeen - b.firstSeen;
  if (byTime !== 0 && !Number.isNaN(byTime)) return byTime;
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

function firstSeen(freight: Freight): number {
  const time = Date.parse(freight.discoveredAt ?? freight.metadata.creationTimestamp ?? "");
  return Number.isNaN(time) ? 0 : time;
}

function repoAndTag(freight: Freight): { repo: string; tag: string } | undefined {
  const image = freight.images?.[0];
  if (image) return { repo: image.repoURL ?? "", tag: image.tag ?? "" };
  const chart = freight.charts?.[0];
  if (chart) return { repo: chartKey(chart.repoURL ?? "", chart.name ?? ""), tag: chart.version ?? "" };
  return undefined;
}

/** Go's path.Join(repoURL, name), as Kargo keys charts. */
function chartKey(repoURL: string, name: string): string {
  const parts = [repoURL, name].filter((part) => part !== "");
  return parts.length === 0 ? "" : posix.normalize(parts.join("/")).replace(/(.)\/$/u, "$1");
}
