/**
 * What one access review asks: Kubernetes ResourceAttributes ("" group for core; no namespace for
 * cluster-scoped resources; no name for list, watch-all and create).
 */
export interface AccessAttributes {
  readonly verb: string;
  readonly group: string;
  readonly resource: string;
  readonly subresource?: string;
  readonly namespace?: string;
  readonly name?: string;
}

/** Human-readable form for denial messages, e.g. `get stages "prod" in namespace "demo"`. */
export function describeAccess(attributes: AccessAttributes): string {
  const resource = attributes.subresource ? `${attributes.resource}/${attributes.subresource}` : attributes.resource;
  const name = attributes.name ? ` "${attributes.name}"` : "";
  const where = attributes.namespace ? ` in namespace "${attributes.namespace}"` : "";
  return `${attributes.verb} ${resource}${name}${where}`;
}
