import { badRequest } from "./api-error.js";
import type { ApiDeps, Reply, ResourceRequest } from "./api-context.js";
import { decodeObject, withTypeMeta } from "./decode-object.js";
import { isDryRun } from "./dry-run.js";
import { fromStoreError } from "./from-store-error.js";
import { storeUpdate } from "./store-update.js";

/**
 * PUT an object or its status. A set metadata.resourceVersion is the optimistic-concurrency
 * precondition (409 Conflict when stale); without one the update is unconditional, as Kubernetes
 * allows for these types. PUT never creates (404 when missing).
 */
export async function handleUpdate(deps: ApiDeps, request: ResourceRequest): Promise<Reply> {
  const { type, path } = request;
  const name = path.name!;
  const object = decodeObject(type, path, await request.object());
  if (object.metadata.name === undefined || object.metadata.name === "") {
    object.metadata.name = name;
  } else if (object.metadata.name !== name) {
    throw badRequest(`the name of the object (${object.metadata.name}) does not match the name on the URL (${name})`);
  }
  const dryRun = isDryRun(request.url.searchParams.getAll("dryRun"));
  try {
    const updated = await storeUpdate(deps, request, object, dryRun);
    return { code: 200, body: withTypeMeta(type, updated) };
  } catch (error) {
    throw fromStoreError(error);
  }
}
