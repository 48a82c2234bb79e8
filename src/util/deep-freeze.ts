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

/**
 * deepFreeze for a value parsed from JSON (no cycles, no Dates), which also makes it share strings
 * with `like`, a value of about the same shape (the previous item of the same list): wherever
 * `like` holds an equal string at the same place (same keys and indexes), that string replaces the
 * value's own copy. The values are unchanged (a string's identity cannot be observed); the copies
 * become garbage. JSON.parse allocates every string value anew, and the informers hold 100,000
 * objects whose apiVersion, kind, namespace, timestamps and many spec values repeat from one item
 * to the next: at a start-up with 100,000 objects this held ~20 MiB less (bench/README.md, "Start-up
 * memory and group commit"), at no measurable CPU cost (the copies die young instead of being promoted).
 */
export function deepFreezeJson<T>(value: T, like?: unknown): T {
  if (typeof value !== "object" || value === null || Object.isFrozen(value)) return value;
  const node = value as Record<string | number, unknown>;
  const other =
    typeof like === "object" && like !== null && Array.isArray(like) === Array.isArray(value) ? (like as Record<string | number, unknown>) : undefined;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) shareChild(node, i, other?.[i]);
  } else {
    for (const key in node) if (Object.hasOwn(node, key)) shareChild(node, key, other?.[key]);
  }
  // Frozen after its children were shared (a frozen object's properties cannot be replaced).
  return Object.freeze(value);
}

function shareChild(node: Record<string | number, unknown>, key: string | number, like: unknown): void {
  const child = node[key];
  if (typeof child === "string") {
    if (child === like) node[key] = like;
  } else if (typeof child === "object" && child !== null) {
    deepFreezeJson(child, like);
  }
}
