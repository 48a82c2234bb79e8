/**
 * The default selectable fields of an object (`metadata.name`, `metadata.namespace`), to pass to
 * `matchesFields`. A resource with more selectable fields spreads this and adds its own.
 */
export function objectFields(object: { metadata?: { name?: string; namespace?: string } | null }): Record<string, string> {
  return {
    "metadata.name": object.metadata?.name ?? "",
    "metadata.namespace": object.metadata?.namespace ?? "",
  };
}
