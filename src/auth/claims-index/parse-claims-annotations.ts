/** Annotation holding a ServiceAccount's claims: JSON map claim → value or list of values. */
export const CLAIMS_ANNOTATION = "rbac.kargo.akuity.io/claims";

/** Prefix of the legacy one-annotation-per-claim format (comma-separated values). */
export const LEGACY_CLAIM_ANNOTATION_PREFIX = "rbac.kargo.akuity.io/claim.";

/**
 * The claims a ServiceAccount's annotations grant, as claim name → values (both formats merged,
 * values trimmed and de-duplicated). A malformed JSON annotation contributes nothing — that
 * ServiceAccount then matches nobody through it, which fails closed. Unlike Kargo's index, a scalar
 * string in the JSON is accepted as a one-value list (Kargo's role reader tolerates it too, its
 * index does not; one reading everywhere is less surprising).
 */
export function parseClaimsAnnotations(annotations: Readonly<Record<string, string>> | undefined): Map<string, Set<string>> {
  const claims = new Map<string, Set<string>>();
  if (annotations === undefined) {
    return claims;
  }
  const add = (name: string, value: unknown) => {
    if (typeof value !== "string" || name === "") {
      return;
    }
    const trimmed = value.trim();
    if (trimmed === "") {
      return;
    }
    let values = claims.get(name);
    if (values === undefined) {
      values = new Set();
      claims.set(name, values);
    }
    values.add(trimmed);
  };
  const json = annotations[CLAIMS_ANNOTATION];
  if (json !== undefined) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(json);
    } catch {
      parsed = undefined;
    }
    if (parsed !== null && typeof parsed === "object" && !Array.isArray(parsed)) {
      for (const [name, value] of Object.entries(parsed)) {
        for (const item of Array.isArray(value) ? value : [value]) {
          add(name, item);
        }
      }
    }
  }
  for (const [key, value] of Object.entries(annotations)) {
    if (key.startsWith(LEGACY_CLAIM_ANNOTATION_PREFIX)) {
      for (const item of value.split(",")) {
        add(key.slice(LEGACY_CLAIM_ANNOTATION_PREFIX.length), item);
      }
    }
  }
  return claims;
}
