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
 * deepFreeze for a value parsed from JSON (no cycles, no Dates), which also makes it share what it
 * can with `like`, a frozen value of about the same shape (the previous item of the same list):
 * - wherever `like` holds an equal string at the same place (same keys and indexes), that string
 *   replaces the value's own copy;
 * - wherever a nested object or array equals the one at the same place in `like` entirely (the same
 *   keys in the same order, equal values all the way down), `like`'s frozen one replaces it.
 * The values read the same (JSON.stringify gives the same text; identity of a string cannot be
 * observed, and nothing keys on the identity of a nested object: the caches key on the top-level
 * object, which is never replaced); the copies become garbage. JSON.parse allocates every string
 * and object anew, and the informers hold 100,000 objects whose apiVersion, kind, timestamps,
 * labels and whole specs repeat from one item to the next: at a start-up with 100,000 objects
 * sharing strings held ~20 MiB less, and sharing equal nested parts too ~45 MiB less again, at no
 * measurable CPU cost (bench/README.md, "Start-up memory and group commit" and "Start-up memory,
 * third pass"). Sharing is safe because both sides are frozen: no reader can change what another
 * reader holds.
 */
export function deepFreezeJson<T>(value: T, like?: unknown): T {
  if (typeof value !== "object" || value === null || Object.isFrozen(value)) return value;
  share(value, like);
  return value;
}

/**
 * Freezes `value` after sharing its children with `like`'s (see deepFreezeJson); true when `value`
 * equals `like` entirely, so that the caller can hold `like` instead.
 */
function share(value: object, like: unknown): boolean {
  const node = value as Record<string | number, unknown>;
  const other =
    typeof like === "object" && like !== null && Array.isArray(like) === Array.isArray(value) ? (like as Record<string | number, unknown>) : undefined;
  let equal = other !== undefined && Object.isFrozen(other);
  if (Array.isArray(value)) {
    if (equal && (other as unknown as unknown[]).length !== value.length) equal = false;
    for (let i = 0; i < value.length; i++) if (!shareChild(node, i, other?.[i])) equal = false;
  } else {
    // Equal objects have the same keys in the same order (so that both print the same JSON).
    const otherKeys = equal ? Object.keys(other!) : undefined;
    let i = 0;
    for (const key in node) {
      if (!Object.hasOwn(node, key)) continue;
      if (otherKeys?.[i++] !== key) equal = false;
      if (!shareChild(node, key, other?.[key])) equal = false;
    }
    if (otherKeys?.length !== i) equal = false;
  }
  // Frozen after its children were shared (a frozen object's properties cannot be replaced).
  Object.freeze(value);
  return equal;
}

/** Shares `node[key]` with `like` where equal; true when it is (or now holds) `like`. */
function shareChild(node: Record<string | number, unknown>, key: string | number, like: unknown): boolean {
  const child = node[key];
  if (typeof child === "object" && child !== null) {
    if (!share(child, like)) return false;
    node[key] = like;
    return true;
  }
  if (typeof child === "string" && child === like) node[key] = like;
  return child === like;
}
