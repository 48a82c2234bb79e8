import type { KubeObject } from "../store/types.js";
import { apiVersionOf, type ResourceType } from "../resources/resource-types.js";
import { badRequest } from "./api-error.js";
import type { ResourcePath } from "./parse-resource-path.js";

/**
 * Checks and completes a decoded request body as an object of `type`, the way Kubernetes'
 * decoder does for a request to `path`: missing apiVersion/kind default to the URL's, different ones are 400
 * BadRequest; metadata.namespace defaults to the URL's namespace and must equal it; cluster-scoped
 * objects lose any namespace.
 */
export function decodeObject(type: ResourceType, path: ResourcePath, object: Record<string, unknown>): KubeObject {
  const expectedApiVersion = apiVersionOf(type);
  if (object["apiVersion"] === undefined || object["apiVersion"] === "") {
    object["apiVersion"] = expectedApiVersion;
  } else if (object["apiVersion"] !== expectedApiVersion) {
    throw badRequest(`the API version in the data (${String(object["apiVersion"])}) does not match the expected API version (${expectedApiVersion})`);
  }
  if (object["kind"] === undefined || object["kind"] === "") {
    object["kind"] = type.kind;
  } else if (object["kind"] !== type.kind) {
    throw badRequest(`the kind in the data (${String(object["kind"])}) does not match the expected kind (${type.kind})`);
  }
  const metadata = object["metadata"] ?? {};
  if (typeof metadata !== "object" || metadata === null || Array.isArray(metadata)) {
    throw badRequest("metadata must be an object");
  }
  object["metadata"] = metadata;
  const meta = metadata as Record<string, unknown>;
  if (type.namespaced) {
    if (meta["namespace"] === undefined || meta["namespace"] === "") {
      meta["namespace"] = path.namespace;
    } else if (meta["namespace"] !== path.namespace) {
      throw badRequest("the namespace of the provided object does not match the namespace sent on the request");
    }
  } else {
    delete meta["namespace"];
  }
  return object as KubeObject;
}

/** Returns the object with apiVersion and kind set (first, as Kubernetes serializes them). */
export function withTypeMeta(type: ResourceType, object: KubeObject): KubeObject {
  const { apiVersion: _a, kind: _k, ...rest } = object;
  return { apiVersion: apiVersionOf(type), kind: type.kind, ...rest } as KubeObject;
}
