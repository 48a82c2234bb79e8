import { apiVersionOf } from "../resources/resource-types.js";
import type { ApiDeps, Reply, ResourceRequest } from "./api-context.js";
import { buildObjectFilter } from "./build-object-filter.js";
import { withTypeMeta } from "./decode-object.js";
import { isStoreFailure } from "./from-store-error.js";
import { parseDeleteOptions } from "./parse-delete-options.js";

/**
 * DELETE a collection: every object the selectors match in the namespace (or cluster) is deleted
 * with the same DeleteOptions; the answer is the `<Kind>List` of what was deleted. An object that
 * disappeared meanwhile is skipped, as Kubernetes does.
 */
export async function handleDeleteCollection(deps: ApiDeps, request: ResourceRequest): Promise<Reply> {
  const { type, path, url } = request;
  const options = parseDeleteOptions(url.searchParams, await request.body(), request.headers["content-type"]);
  const filter = buildObjectFilter(type, url.searchParams);
  const namespace = type.namespaced ? path.namespace : undefined;
  const { items, resourceVersion } = deps.store.list(type, { ...(namespace !== undefined ? { namespace } : {}), ...(filter ? { filter } : {}) });
  const context = { user: request.user, dryRun: options.dryRun === true };
  // Admission refuses the whole collection delete before anything is deleted, as one refused item
  // (Freight in use …) would otherwise leave a half-deleted collection.
  for (const item of items) await deps.admission?.validateDelete(type, item, context);
  const deleted = [];
  for (const item of items) {
    try {
      const result = deps.store.delete(type, item.metadata.namespace, item.metadata.name!, options);
      if (!context.dryRun) await deps.admission?.afterDelete(type, result, context);
      deleted.push(withTypeMeta(type, result));
    } catch (error) {
      if (!isStoreFailure(error) || error.reason !== "NotFound") throw error;
    }
  }
  return { code: 200, body: { apiVersion: apiVersionOf(type), kind: type.listKind, metadata: { resourceVersion }, items: deleted } };
}
