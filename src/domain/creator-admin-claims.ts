/** A claim map as stored in `rbac.kargo.akuity.io/claims`: claim name → values. */
export type ClaimMap = Record<string, string[]>;

/** What the project creator is known by. */
export interface CreatorIdentity {
  /** The `kargo.akuity.io/create-actor` value (`email:alice@example.com`, `admin` …). */
  actor?: string;
  /** Claims of the creator's token (values may be single strings), from `kargo.akuity.io/created-by-claims`. */
  claims?: Record<string, unknown>;
}

// Kargo's actor strings name the `sub` claim "subject"; the others are the claim names themselves.
const ACTOR_PREFIX_CLAIM: Record<string, string> = { subject: "sub" };
// Actors that are not OIDC identities: nobody to map.
const NON_CLAIM_ACTORS = new Set(["admin", "kubernetes", "controller", "unknown actor"]);

/**
 * The claims that map a Project's creator to its `kargo-admin` ServiceAccount (Kargo's management
 * controller makes the creator project admin), or undefined when the creator has none to map.
 * From `claims` when given: every string value of every claim (the full identity, e.g. groups
 * too). Otherwise from an actor of the form `<claim>:<value>` (`email:alice@example.com` →
 * `{"email":["alice@example.com"]}`, `subject:123` → `{"sub":["123"]}`); `admin`,
 * `kubernetes:…`, `controller:…` are not OIDC users and map nothing. Values come sorted and unique.
 */
export function creatorAdminClaims(creator: CreatorIdentity): ClaimMap | undefined {
  if (creator.claims !== undefined) {
    const map: ClaimMap = {};
    for (const [claim, raw] of Object.entries(creator.claims)) {
      const values = (Array.isArray(raw) ? raw : [raw]).filter((v): v is string => typeof v === "string" && v !== "");
      if (values.length > 0) map[claim] = [...new Set(values)].sort();
    }
    return Object.keys(map).length > 0 ? map : undefined;
  }
  const actor = creator.actor ?? "";
  const colon = actor.indexOf(":");
  if (colon <= 0) return undefined;
  const prefix = actor.slice(0, colon);
  const value = actor.slice(colon + 1);
  if (NON_CLAIM_ACTORS.has(prefix) || value === "") return undefined;
  return { [ACTOR_PREFIX_CLAIM[prefix] ?? prefix]: [value] };
}

/**
 * The JSON of a claim map as Kargo writes `rbac.kargo.akuity.io/claims`: keys sorted, values
 * sorted and de-duplicated.
 */
export function formatClaimsAnnotation(claims: ClaimMap): string {
  const sorted: ClaimMap = {};
  for (const claim of Object.keys(claims).sort()) sorted[claim] = [...new Set(claims[claim])].sort();
  return JSON.stringify(sorted);
}

/** Merges claim maps (union of values per claim), as Kargo's Grant does. */
export function mergeClaims(...maps: ClaimMap[]): ClaimMap {
  const merged: ClaimMap = {};
  for (const map of maps) {
    for (const [claim, values] of Object.entries(map)) merged[claim] = [...new Set([...(merged[claim] ?? []), ...values])].sort();
  }
  return merged;
}
