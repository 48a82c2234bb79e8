import { applyPatch, isJsonPatchError, patchTypeForContentType, isUnsupportedPatchTypeError, type PatchType } from "../patch/index.js";
import type { KubeObject } from "../store/types.js";
import { ApiError, badRequest } from "./api-error.js";

/**
 * The patch type of a PATCH request's Content-Type; 415 UnsupportedMediaType for server-side
 * apply and anything else this API does not apply.
 */
export function patchTypeOf(contentType: string | undefined): PatchType {
  try {
    return patchTypeForContentType(contentType);
  } catch (error) {
    if (isUnsupportedPatchTypeError(error)) throw new ApiError(415, "UnsupportedMediaType", error.message, undefined, { cause: error });
    throw error;
  }
}

/**
 * Applies a parsed patch document to `current`. A malformed JSON patch is 400 BadRequest; one that
 * does not apply (missing path, failed test) is 422, as Kubernetes answers them. A strategic merge
 * patch is applied as the patch module defines it (a merge patch that understands the directives).
 */
export function applyPatchDocument(type: PatchType, current: KubeObject, document: unknown): unknown {
  try {
    return applyPatch(type, current, document);
  } catch (error) {
    if (isJsonPatchError(error)) {
      if (error.malformed) throw badRequest(error.message);
      throw new ApiError(422, "Invalid", error.message, undefined, { cause: error });
    }
    throw error;
  }
}
