import { ApiError } from "./api-error.js";
import type { ApiDeps, Reply, ResourceRequest } from "./api-context.js";
import { decodeObject, withTypeMeta } from "./decode-object.js";
import { isDryRun } from "./dry-run.js";
import { ensureNamespaceWritable } from "./ensure-namespace-writable.js";
import { fromStoreError } from "./from-store-error.js";
import { validateOrThrow } from "./validate-or-throw.js";

/** POST to a collection: decode, admit, validate, store; 201 Created with the stored object. */
export async function handleCreate(deps: ApiDeps, request: ResourceRequest): Promise<Reply> {
  const { type, path } = request;
  const object = decodeObject(type, path, await request.body());
  const meta = object.metadata;
  if (!meta.name && !meta.generateName) {
    throw new ApiError(422, "Invalid", `${type.kind} "" is invalid: metadata.name: Required value: name or generateName is required`, {
      group: type.group,
      kind: type.kind,
      causes: [{ reason: "FieldValueRequired", message: "Required value: name or generateName is required", field: "metadata.name" }],
    });
  }
  if (type.namespaced) ensureNamespaceWritable(deps.store, path.namespace!);
  await deps.admit(type, object, undefined);
  validateOrThrow(deps, type, object);
  const dryRun = isDryRun(request.url.searchParams.getAll("dryRun"));
  try {
    const created = deps.store.create(type, object, { dryRun });
    return { code: 201, body: withTypeMeta(type, created) };
  } catch (error) {
    throw fromStoreError(error);
  }
}
