import { apiVersionOf } from "../resources/resource-types.js";
import { badRequest } from "./api-error.js";
import type { ApiDeps, Reply, ResourceRequest } from "./api-context.js";
import { buildObjectFilter } from "./build-object-filter.js";
import { withTypeMeta } from "./decode-object.js";
import { fromStoreError } from "./from-store-error.js";
import type { KubeObject } from "../store/types.js";

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
  if (limit !== undefined && (!Number.isInteger(limit) || limit < 0))
    throw badRequest(`limit must be a non-negative integer, not ${JSON.stringify(limitText)}`);
  const continueToken = url.searchParams.get("continue") || undefined;
  const options = {
    ...(type.namespaced && path.namespace !== undefined ? { namespace: path.namespace } : {}),
    ...(filter ? { filter } : {}),
    ...(limit ? { limit } : {}),
    ...(continueToken ? { continue: continueToken } : {}),
  };
  try {
    // Answer committed state only, under a resourceVersion that covers every item: the open
    // group's rows carry versions the counter reaches only at their COMMIT, which may still fail.
    deps.store.commit();
    if (request.table) {
      // A Table is built from the objects.
      const result = deps.store.list(type, options);
      return { code: 200, body: { ...listHead(type, result), items: result.items.map((item) => withTypeMeta(type, item)) } };
    }
    // Splice the stored JSON texts instead of parsing and re-serialising every object: at
    // start-up the informers list every object once, and this was the top of the profile (see
    // bench/README.md, "Start-up"). An item whose text does not begin with this type's
    // apiVersion and kind (written by an older build, or in another order) is normalised the
    // slow way, so the answer is what withTypeMeta would give.
    const result = deps.store.listJson(type, options);
    const prefix = `{"apiVersion":${JSON.stringify(apiVersionOf(type))},"kind":${JSON.stringify(type.kind)},`;
    const items = result.items.map((text) => (text.startsWith(prefix) ? text : JSON.stringify(withTypeMeta(type, JSON.parse(text) as KubeObject))));
    const head = JSON.stringify(listHead(type, result));
    return { code: 200, body: undefined, json: `${head.slice(0, -1)},"items":[${items.join(",")}]}` };
  } catch (error) {
    throw fromStoreError(error);
  }
}

/** The list's apiVersion, kind and metadata (resourceVersion, continue, remainingItemCount). */
function listHead(type: ResourceRequest["type"], result: { resourceVersion: string; continue?: string; remainingItemCount?: number }) {
  return {
    apiVersion: apiVersionOf(type),
    kind: type.listKind,
    metadata: {
      resourceVersion: result.resourceVersion,
      ...(result.continue ? { continue: result.continue } : {}),
      ...(result.remainingItemCount !== undefined ? { remainingItemCount: result.remainingItemCount } : {}),
    },
  };
}
