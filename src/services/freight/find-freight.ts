import { Code, ConnectError } from "@connectrpc/connect";
import { ALIAS_LABEL } from "../../domain/well-known-keys.js";
import { RESOURCES, type KubeCaches, type KubeObject, type ResourceCache } from "../../kube/index.js";
import { getCachedOrNotFound } from "../common/index.js";

/** Name of the index of the Freight cache by alias label. */
const ALIAS_INDEX = "alias";

/** How a request names one Freight: exactly one of the two is non-empty. */
export interface FreightSelector {
  name: string;
  alias: string;
}

/**
 * The Freight cache with its alias index (declared on first use; idempotent), so alias lookups
 * and uniqueness checks are O(matches), not a scan of every Freight of the project.
 */
export function freightCache(caches: KubeCaches): ResourceCache {
  const cache = caches.cache(RESOURCES.freights);
  cache.addIndex(ALIAS_INDEX, (object) => {
    const alias = object.metadata.labels?.[ALIAS_LABEL];
    return alias ? [alias] : [];
  });
  return cache;
}

/**
 * Checks that exactly one of a name and an alias is given (Kargo's rule), naming the
 * request's own fields: INVALID_ARGUMENT `exactly one of name or alias should not be empty`.
 * Returns both trimmed.
 */
export function requireOneOf(name: string, alias: string, fields: readonly [string, string]): FreightSelector {
  const selector = { name: name.trim(), alias: alias.trim() };
  if ((selector.name === "") === (selector.alias === "")) {
    throw new ConnectError(`exactly one of ${fields[0]} or ${fields[1]} should not be empty`, Code.InvalidArgument);
  }
  return selector;
}

/** Freight of `project` whose alias label is `alias`, from a synced cache (normally zero or one). */
export function freightWithAlias(cache: ResourceCache, project: string, alias: string): readonly KubeObject[] {
  return cache.byIndex(ALIAS_INDEX, alias, project);
}

/** The Freight of `project` with `alias`, from the cache, or undefined. */
export async function freightByAlias(caches: KubeCaches, project: string, alias: string): Promise<KubeObject | undefined> {
  const cache = freightCache(caches);
  await cache.synced;
  return freightWithAlias(cache, project, alias)[0];
}

/**
 * One Freight by name or alias from the cache, or NOT_FOUND naming it:
 * `freight "abc…" not found in project "demo"`, `freight with alias "x" not found in project "demo"`.
 */
export async function findFreight(caches: KubeCaches, project: string, selector: FreightSelector): Promise<KubeObject> {
  if (selector.name !== "") return getCachedOrNotFound(freightCache(caches), project, selector.name);
  const freight = await freightByAlias(caches, project, selector.alias);
  if (freight === undefined) {
    throw new ConnectError(`freight with alias "${selector.alias}" not found in project "${project}"`, Code.NotFound);
  }
  return freight;
}
