/**
 * Freezes a value and everything reachable from it, in place, and returns it. Caches hand the same
 * object to every reader, so a reader that mutates one would corrupt every other reader's view;
 * freezing turns that bug into an immediate TypeError in strict mode. Dates are left alone (their
 * internal slot cannot be frozen, and config values may hold them); already-frozen subtrees are
 * skipped, which also makes cycles safe. Arrays are walked by index (their elements; JSON arrays
 * have no other properties), objects by their own enumerable string keys.
 *
 * Written without Object.values: the informers freeze every object they list (100,000 at a
 * start-up), and allocating an array of values per nested object made this 2-4x slower (it was
 * 7-9 % of the start-up's CPU profile, bench/README.md).
 */
export function deepFreeze<T>(value: T): T {
  if (typeof value !== "object" || value === null || Object.isFrozen(value) || value instanceof Date) return value;
  Object.freeze(value);
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) freezeChild(value[i]);
  } else {
    for (const key in value) if (Object.hasOwn(value, key)) freezeChild(value[key]);
  }
  return value;
}

function freezeChild(child: unknown): void {
  if (typeof child === "object" && child !== null) deepFreeze(child);
}
