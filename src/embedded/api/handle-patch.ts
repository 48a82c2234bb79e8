import type { PatchType } from "../patch/index.js";
import type { KubeObject } from "../store/types.js";
import { ApiError, badRequest, notFound } from "./api-error.js";
import type { ApiDeps, Reply, ResourceRequest } from "./api-context.js";
import { withTypeMeta } from "./decode-object.js";
import { isDryRun } from "./dry-run.js";
import { fromStoreError, isStoreFailure } from "./from-store-error.js";
import { applyPatchDocument, patchTypeOf } from "./apply-patch-document.js";
import { parseJson } from "./read-body.js";
import { storeUpdate } from "./store-update.js";

// How often a patch is re-applied to a fresh read when a concurrent write wins the race.
const MAX_ATTEMPTS = 5;

/**
 * PATCH an object or its status: the patch applies to the stored object, then the result is
 * written like a PUT. The write is conditioned on the version just read; when another write
 * lands in between (admission awaits), the patch is re-applied to a fresh read, as Kubernetes
 * does, so a patch fails with 409 Conflict only when it carries a stale resourceVersion itself.
 */
export async function handlePatch(deps: ApiDeps, request: ResourceRequest): Promise<Reply> {
  const patchType = patchTypeOf(request.headers["content-type"]);
  const document = parseJson(await request.body());
  const dryRun = isDryRun(request.url.searchParams.getAll("dryRun"));
  for (let attempt = 1; ; attempt++) {
    try {
      const updated = await storeUpdate(deps, request, patchCurrent(deps, request, patchType, document), dryRun);
      return { code: 200, body: withTypeMeta(request.type, updated) };
    } catch (error) {
      if (attempt < MAX_ATTEMPTS && isStoreFailure(error) && error.reason === "Conflict") continue;
      throw fromStoreError(error);
    }
  }
}

/** The stored object with the patch applied, its resourceVersion the one read unless the patch set one. */
function patchCurrent(deps: ApiDeps, request: ResourceRequest, patchType: PatchType, document: unknown): KubeObject {
  const { type, path } = request;
  const name = path.name!;
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
  return patched;
}
