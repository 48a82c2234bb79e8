import { findResourceType, type ResourceType } from "../resources/resource-types.js";
import { methodNotAllowed, notServed } from "./api-error.js";
import type { ResourcePath } from "./parse-resource-path.js";
import { requestVerb } from "./request-verb.js";

/**
 * The served type and Kubernetes verb of a resource request, or the error Kubernetes answers:
 * 404 for an unknown type or a path shape the type does not have, 405 for a method or verb the
 * type (or subresource) does not support.
 */
export function resolveRoute(path: ResourcePath, method: string, query: URLSearchParams): { type: ResourceType; verb: string } {
  const type = findResourceType(path.group, path.version, path.resource);
  if (!type || !isServedShape(type, path)) throw notServed();
  const verb = requestVerb(method, path, query);
  if (!verb) throw methodNotAllowed(method, type.resource);
  checkVerb(type, path, verb);
  return { type, verb };
}

/**
 * Whether the path addresses the type the way Kubernetes routes it: namespaced types by name only
 * inside a namespace, cluster-scoped types never inside one (Namespaces themselves excepted, whose
 * name the path parser also reports as the namespace), and only the subresources that exist.
 */
function isServedShape(type: ResourceType, path: ResourcePath): boolean {
  const isNamespaceItself = type.group === "" && type.resource === "namespaces";
  if (type.namespaced && path.name !== undefined && path.namespace === undefined) return false;
  if (!type.namespaced && !isNamespaceItself && path.namespace !== undefined) return false;
  if (path.subresource === undefined) return true;
  if (path.subresource === "status") return type.hasStatus;
  return path.subresource === "token" && type.group === "" && type.resource === "serviceaccounts";
}

function checkVerb(type: ResourceType, path: ResourcePath, verb: string): void {
  const allowed = path.subresource === "status" ? ["get", "update", "patch"] : path.subresource === "token" ? ["create"] : type.verbs;
  if (!allowed.includes(verb)) throw methodNotAllowed(verb, path.subresource ? `${type.resource}/${path.subresource}` : type.resource);
  if (verb === "create" && path.name !== undefined && path.subresource === undefined) throw methodNotAllowed(verb, type.resource);
  if (verb === "create" && type.namespaced && path.namespace === undefined) throw notServed();
}
