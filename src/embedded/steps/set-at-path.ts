/**
 * Sets `value` at `segments` inside a plain JSON-like document (maps and lists), creating missing
 * maps on the way. An index past a list's end, or a path through a scalar, calls `fail`.
 * Keys named `__proto__`, `constructor` or `prototype` are refused (prototype pollution).
 */
export function setAtPath(document: Record<string, unknown>, segments: readonly string[], value: unknown, fail: (message: string) => never): void {
  let node: unknown = document;
  segments.forEach((segment, index) => {
    if (segment === "__proto__" || segment === "constructor" || segment === "prototype") fail(`key segment "${segment}" is not allowed`);
    const last = index === segments.length - 1;
    if (Array.isArray(node)) {
      if (!/^\d+$/.test(segment) || Number(segment) > node.length) fail(`index ${segment} is not valid for a list of ${node.length}`);
      if (last) node[Number(segment)] = value;
      else node = node[Number(segment)] ??= {};
      return;
    }
    if (node === null || typeof node !== "object") fail("cannot set a field inside a scalar value");
    const map = node as Record<string, unknown>;
    if (last) map[segment] = value;
    else node = Object.hasOwn(map, segment) && map[segment] !== null ? map[segment] : (map[segment] = {});
  });
}
