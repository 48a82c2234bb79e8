import type { ApiDeps, Reply, ResourceRequest } from "./api-context.js";
import { withTypeMeta } from "./decode-object.js";
import { fromStoreError } from "./from-store-error.js";
import { parseDeleteOptions } from "./parse-delete-options.js";

/**
 * DELETE one object. The answer is the object as last stored: gone, or still present with a
 * deletionTimestamp while finalizers remain (202 Accepted then, as Kubernetes signals pending deletion).
 */
export async function handleDelete(deps: ApiDeps, request: ResourceRequest): Promise<Reply> {
  const { type, path } = request;
  const name = path.name!;
  const options = parseDeleteOptions(request.url.searchParams, await request.body(), request.headers["content-type"]);
  const namespace = type.namespaced ? path.namespace : undefined;
  const context = { user: request.user, dryRun: options.dryRun === true };
  const current = deps.store.get(type, namespace, name);
  if (current && deps.admission) await deps.admission.validateDelete(type, current, context);
  let result;
  try {
    result = deps.store.delete(type, namespace, name, options);
  } catch (error) {
    throw fromStoreError(error);
  }
  if (!context.dryRun) await deps.admission?.afterDelete(type, result, context);
  const pending = (result.metadata.finalizers?.length ?? 0) > 0;
  return { code: pending ? 202 : 200, body: withTypeMeta(type, result) };
}
