import { apiVersionOf } from "../resources/resource-types.js";
import { badRequest } from "./api-error.js";
import type { ApiDeps, Reply, ResourceRequest } from "./api-context.js";
import { buildObjectFilter } from "./build-object-filter.js";
import { withTypeMeta } from "./decode-object.js";
import { fromStoreError } from "./from-store-error.js";

/**
 * GET a collection: one namespace, or every namespace at the cluster-wide path. The answer is
 * a `<Kind>List` with the snapshot's resourceVersion, and `continue`/`remainingItemCount` when
 * `limit` cut it short. Requests for Table output (`as=Table`, as kubectl asks) get this list
 * turned into a Table by the handler (table/reply-as-table.ts).
 */
export async function handleList(deps: ApiDeps, request: ResourceRequest): Promise<Reply> {
  const { type, path, url } = request;
  const filter = buildObjectFilter(type, url.searchParams);
  const limitText = url.searchParams.get("limit");
  const limit = limitText === null || limitText === "" ? undefined : Number(limitText);
  if (limit !== undefined && (!Number.isInteger(limit) || limit < 0)) throw badRequest(`limit must be a non-negative integer, not ${JSON.stringify(limitText)}`);
  const continueToken = url.searchParams.get("continue") || undefined;
  try {
    const result = deps.store.list(type, {
      ...(type.namespaced && path.namespace !== undefined ? { namespace: path.namespace } : {}),
      ...(filter ? { filter } : {}),
      ...(limit ? { limit } : {}),
      ...(continueToken ? { continue: continueToken } : {}),
    });
    return {
      code: 200,
      body: {
        apiVersion: apiVersionOf(type),
        kind: type.listKind,
        metadata: {
          resourceVersion: result.resourceVersion,
          ...(result.continue ? { continue: result.continue } : {}),
          ...(result.remainingItemCount !== undefined ? { remainingItemCount: result.remainingItemCount } : {}),
        },
        items: result.items.map((item) => withTypeMeta(type, item)),
      },
    };
  } catch (error) {
    throw fromStoreError(error);
  }
}
