import type { ApiDeps, Reply, ResourceRequest } from "./api-context.js";
import { decodeObject, withTypeMeta } from "./decode-object.js";
import { isDryRun } from "./dry-run.js";
import { ensureNamespaceWritable } from "./ensure-namespace-writable.js";
import { fromStoreError } from "./from-store-error.js";
import { validateOrThrow } from "./validate-or-throw.js";

/**
 * POST to a collection: decode, check the namespace is writable (404/403), admit (defaults,
 * token Secrets), validate (422), prevent RBAC escalation (403), store (409 AlreadyExists); 201
 * Created with the stored object.
 */
export async function handleCreate(deps: ApiDeps, request: ResourceRequest): Promise<Reply> {
  const { type, path } = request;
  const decoded = decodeObject(type, path, await request.object());
  if (type.namespaced) ensureNamespaceWritable(deps.store, path.namespace!);
  const dryRun = isDryRun(request.url.searchParams.getAll("dryRun"));
  const context = { user: request.user, dryRun };
  const object = await deps.admit(type, decoded, undefined, context);
  validateOrThrow(deps, type, object);
  await deps.admission?.validate(type, object, undefined, context);
  deps.preventEscalation(request.user, type, object);
  let created;
  try {
    created = deps.store.create(type, object, { dryRun });
  } catch (error) {
    throw fromStoreError(error);
  }
  const answer = dryRun ? undefined : await deps.admission?.afterWrite(type, created, undefined, context);
  return { code: 201, body: withTypeMeta(type, answer ?? created) };
}
