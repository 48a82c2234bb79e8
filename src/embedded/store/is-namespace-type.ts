/** True for the core Namespace type, whose deletion deletes everything in it. */
export function isNamespaceType(type: { group: string; resource: string }): boolean {
  return type.group === "" && type.resource === "namespaces";
}
