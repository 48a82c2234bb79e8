/**
 * Freezes a value and everything reachable from it, in place, and returns it. Caches hand the same
 * object to every reader, so a reader that mutates one would corrupt every other reader's view;
 * freezing turns that bug into an immediate TypeError in strict mode. Dates are left alone (their
 * internal slot cannot be frozen, and config values may hold them); already-frozen subtrees are
 * skipped, which also makes cycles safe.
 */
export function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null && !Object.isFrozen(value) && !(value instanceof Date)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
