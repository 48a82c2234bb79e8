/** Longest fieldPath read (a path names a field; anything longer is not one). */
const MAX_FIELD_PATH = 512;
const SUBSCRIPTED = /^metadata\.(labels|annotations)\[(?:'([^']*)'|"([^"]*)")\]$/u;
const SEGMENT = /^([A-Za-z_$][A-Za-z0-9_$-]*)((?:\[\d+\])*)$/u;

/**
 * The text of a `valueFrom.fieldRef.fieldPath` of an object, as Argo Rollouts resolves one:
 * `metadata.*` paths as Kubernetes' `fieldpath.ExtractFieldPathAsString` does — `metadata.name`,
 * `metadata.namespace`, `metadata.uid`, `metadata.labels['k']` and `metadata.annotations['k']`
 * (an absent key gives ""), `metadata.labels` and `metadata.annotations` whole as sorted
 * `key="value"` lines — and any other path (`spec.x`, `status.y[0].z`) by walking the object's
 * JSON, a string as it is and anything else as JSON. An unsupported or missing path throws.
 */
export function fieldPathValue(object: Record<string, unknown>, fieldPath: string): string {
  if (fieldPath.length > MAX_FIELD_PATH) throw new Error(`fieldPath is longer than ${MAX_FIELD_PATH} characters`);
  const metadata = (object["metadata"] ?? {}) as {
    name?: string;
    namespace?: string;
    uid?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
  };
  const subscripted = SUBSCRIPTED.exec(fieldPath);
  if (subscripted) return metadata[subscripted[1] as "labels" | "annotations"]?.[subscripted[2] ?? subscripted[3]!] ?? "";
  if (fieldPath.startsWith("metadata.")) {
    switch (fieldPath) {
      case "metadata.name":
      case "metadata.namespace":
      case "metadata.uid":
        return metadata[fieldPath.slice("metadata.".length) as "name" | "namespace" | "uid"] ?? "";
      case "metadata.labels":
      case "metadata.annotations": {
        const map = metadata[fieldPath.slice("metadata.".length) as "labels" | "annotations"] ?? {};
        return Object.keys(map)
          .sort()
          .map((key) => `${key}=${JSON.stringify(map[key])}`)
          .join("\n");
      }
      default:
        throw new Error(`unsupported fieldPath "${fieldPath}"`);
    }
  }
  let value: unknown = object;
  for (const segment of fieldPath.split(".")) {
    const parsed = SEGMENT.exec(segment);
    if (!parsed) throw new Error(`fieldPath "${fieldPath}" is not a path of field names`);
    value = value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>)[parsed[1]!] : undefined;
    for (const index of parsed[2]!.matchAll(/\[(\d+)\]/gu)) value = Array.isArray(value) ? value[Number(index[1])] : undefined;
    if (value === undefined) throw new Error(`fieldPath "${fieldPath}" names no field of the object`);
  }
  return typeof value === "string" ? value : JSON.stringify(value);
}
