import { LEGACY_CLAIM_ANNOTATION_PREFIX, parseClaimsAnnotations } from "../auth/claims-index/parse-claims-annotations.js";
import { RBAC_CLAIMS_ANNOTATION } from "../domain/well-known-keys.js";

/** Claim name → values, the in-memory form of a role's claims. */
export type ClaimMap = Map<string, Set<string>>;

/** One claim and its values, sorted (the `Claim` message's shape). */
export interface ClaimEntry {
  name: string;
  values: string[];
}

/**
 * A ServiceAccount's claims from both annotation formats (Kargo's JSON claims annotation and its
 * older one annotation per claim), read exactly as the authentication layer's claims index reads
 * them, so what a role shows is who it maps.
 */
export function claimsOf(annotations: Readonly<Record<string, string>> | undefined): ClaimMap {
  return parseClaimsAnnotations(annotations);
}

/** Claims as sorted entries (names and values sorted, values de-duplicated, empty claims dropped). */
export function claimEntries(claims: ClaimMap): ClaimEntry[] {
  return [...claims.entries()]
    .filter(([, values]) => values.size > 0)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, values]) => ({ name, values: [...values].sort() }));
}

/** Claims of request messages as a map; names and values trimmed, empty ones dropped. */
export function claimMapOf(entries: readonly { name: string; values: readonly string[] }[]): ClaimMap {
  const map: ClaimMap = new Map();
  for (const { name, values } of entries) {
    const key = name.trim();
    if (key === "") continue;
    for (const value of values) {
      const v = value.trim();
      if (v === "") continue;
      let set = map.get(key);
      if (set === undefined) map.set(key, (set = new Set()));
      set.add(v);
    }
  }
  return map;
}

/**
 * The annotations part of a merge patch that stores `claims` in the JSON annotation (keys and
 * values sorted, written even when empty: `{}`) and removes every legacy `claim.<name>` annotation
 * of `current`, so the claims live in one place after any write.
 */
export function claimsAnnotationPatch(claims: ClaimMap, current: Readonly<Record<string, string>> | undefined): Record<string, string | null> {
  const json: Record<string, string[]> = {};
  for (const { name, values } of claimEntries(claims)) json[name] = values;
  const patch: Record<string, string | null> = { [RBAC_CLAIMS_ANNOTATION]: JSON.stringify(json) };
  for (const key of Object.keys(current ?? {})) {
    if (key.startsWith(LEGACY_CLAIM_ANNOTATION_PREFIX)) patch[key] = null;
  }
  return patch;
}
