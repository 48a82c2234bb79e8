import type { KubeObject } from "../store/types.js";
import { ApiError, badRequest, notFound } from "./api-error.js";
import type { ApiDeps, Reply, ResourceRequest } from "./api-context.js";
import { withTypeMeta } from "./decode-object.js";
import { isDryRun } from "./dry-run.js";
import { fromStoreError } from "./from-store-error.js";
import { applyPatchDocument, patchTypeOf } from "./apply-patch-document.js";
import { parseJson } from "./read-body.js";
import { storeUpdate } from "./store-update.js";

/**
 * PATCH an object or its status: the patch applies to the stored object, then the result is
 * written like a PUT. Without a resourceVersion in the patch the write is based on the version
 * just read, so a patch never fails with Conflict unless the client asked for a precondition.
 */
export async function handlePatch(deps: ApiDeps, request: ResourceRequest): Promise<Reply> {
  const { type, path } = request;
  const name = path.name!;
  const patchType = patchTypeOf(request.headers["content-type"]);
  const document = parseJson(await request.body());
  const current = deps.store.get(type, type.namespaced ? path.namespace : undefined, name);
  if (!current) throw notFound(type, name);
  const patched = applyPatchDocument(patchType, current, document) as KubeObject;
  if (patched === null || typeof patched !== "object" || typeof patched.metadata !== "object" || patched.metadata === null) {
    throw new ApiError(422, "Invalid", "the patch produced an object without metadata");
  }
  if (patched.apiVersion !== current.apiVersion || patched.kind !== current.kind) {
    throw badRequest("a patch cannot change apiVersion or kind");
  }
  if (patched.metadata.name !== name || patched.metadata.namespace !== current.metadata.namespace) {
    throw badRequest("a patch cannot change metadata.name or metadata.namespace");
  }
  if (patched.metadata.resourceVersion === undefined || patched.metadata.resourceVersion === "") {
    patched.metadata.resourceVersion = current.metadata.resourceVersion!;
  }
  const dryRun = isDryRun(request.url.searchParams.getAll("dryRun"));
  try {
    const updated = await storeUpdate(deps, request, patched, dryRun);
    return { code: 200, body: withTypeMeta(type, updated) };
  } catch (error) {
    throw fromStoreError(error);
  }
}
