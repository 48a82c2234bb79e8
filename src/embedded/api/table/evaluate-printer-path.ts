/**
 * Evaluates the simple JSONPath of a CRD printer column (`.spec.shard`,
 * `.metadata.labels.kargo\.akuity\.io/alias`, `.status.conditions[?(@.type=="Ready")].status`):
 * dot-separated fields with `\.` escapes, and `[?(@.field=="value")]` filters that pick the first
 * matching array element, as Kubernetes' table convertor uses only the first result.
 * Returns undefined when any step is missing.
 */
export function evaluatePrinterPath(object: unknown, path: string): unknown {
  let current: unknown = object;
  let i = path.startsWith(".") ? 1 : 0;
  while (i < path.length && current !== undefined && current !== null) {
    if (path[i] === "[") {
      const end = path.indexOf("]", i);
      const filter = /^\[\?\(@\.([A-Za-z0-9_]+)\s*==\s*"([^"]*)"\)\]$/.exec(path.slice(i, end + 1));
      if (!filter || !Array.isArray(current)) return undefined;
      const [, field, value] = filter;
      current = current.find((item) => (item as Record<string, unknown> | null)?.[field!] === value);
      i = end + 1;
      if (path[i] === ".") i++;
      continue;
    }
    let field = "";
    while (i < path.length && path[i] !== "." && path[i] !== "[") {
      if (path[i] === "\\" && i + 1 < path.length) i++;
      field += path[i];
      i++;
    }
    if (path[i] === ".") i++;
    current = typeof current === "object" && !Array.isArray(current) ? (current as Record<string, unknown>)[field] : undefined;
  }
  return current ?? undefined;
}
