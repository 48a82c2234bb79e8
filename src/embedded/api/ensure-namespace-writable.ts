import type { ObjectStore } from "../store/types.js";
import { requireResourceType } from "../resources/resource-types.js";
import { ApiError, notFound } from "./api-error.js";

const namespaces = requireResourceType("", "namespaces");

/**
 * Kubernetes' NamespaceLifecycle admission: objects can only be created in a namespace that
 * exists (404 naming the namespace) and is not being deleted (403 NamespaceTerminating).
 */
export function ensureNamespaceWritable(store: ObjectStore, namespace: string): void {
  const found = store.get(namespaces, undefined, namespace);
  if (!found) throw notFound(namespaces, namespace);
  if (found.metadata.deletionTimestamp) {
    throw new ApiError(403, "Forbidden", `unable to create new content in namespace ${namespace} because it is being terminated`, {
      name: namespace,
      kind: "namespaces",
      causes: [{ reason: "NamespaceTerminating", message: `namespace ${namespace} is being terminated`, field: "metadata.namespace" }],
    });
  }
}
