import type { NonResourceAttributes, ResourceAttributes } from "../rbac/types.js";
import { qualifiedResource } from "../resources/resource-types.js";

/**
 * Kubernetes' wording of an authorization denial (apiserver's `forbiddenMessage`), which kubectl
 * shows verbatim: `configmaps "x" is forbidden: User "u" cannot get resource "configmaps" in API
 * group "" in the namespace "ns"`.
 */
export function forbiddenMessage(username: string, attributes: ResourceAttributes | NonResourceAttributes): string {
  if ("path" in attributes) {
    return `forbidden: User "${username}" cannot ${attributes.verb} path "${attributes.path}"`;
  }
  const resource = attributes.subresource ? `${attributes.resource}/${attributes.subresource}` : attributes.resource;
  const qualified = qualifiedResource(attributes);
  const subject = attributes.name ? `${qualified} "${attributes.name}"` : qualified;
  const scope = attributes.namespace ? `in the namespace "${attributes.namespace}"` : "at the cluster scope";
  return `${subject} is forbidden: User "${username}" cannot ${attributes.verb} resource "${resource}" in API group "${attributes.group}" ${scope}`;
}
