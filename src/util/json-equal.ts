/**
 * Deep equality of JSON values: same type, numbers by value, arrays element by element in order,
 * objects by the same member set whatever the key order (RFC 6902's `test`; a client may send fields
 * in any order, which must not count as a spec change and bump metadata.generation). A member whose
 * value is undefined counts as absent, as it would after a JSON round trip.
 */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((item, i) => jsonEqual(item, b[i]));
  }
  const left = a as Record<string, unknown>;
  const right = b as Record<string, unknown>;
  const leftKeys = Object.keys(left).filter((key) => left[key] !== undefined);
  const rightCount = Object.keys(right).filter((key) => right[key] !== undefined).length;
  return leftKeys.length === rightCount && leftKeys.every((key) => Object.hasOwn(right, key) && jsonEqual(left[key], right[key]));
}
