import { isStoreError, type StoreError } from "../store/store-error.js";
import { ApiError } from "./api-error.js";

/** True for a failure the store raised on purpose (a StoreError with a Kubernetes Status reason). */
export function isStoreFailure(error: unknown): error is StoreError {
  return isStoreError(error);
}

// HTTP codes of the store's Status reasons, as apimachinery's errors package assigns them.
const CODES: Record<StoreError["reason"], number> = {
  NotFound: 404,
  AlreadyExists: 409,
  // A stale resourceVersion or failed precondition: clients re-read and retry.
  Conflict: 409,
  Invalid: 422,
  // A watch from a version the history no longer holds: clients relist (410 Gone).
  Expired: 410,
  BadRequest: 400,
};

/**
 * Maps a StoreError to the ApiError a Kubernetes API server would answer; the store already words
 * its messages as Kubernetes does. Details name the resource (plural) as apimachinery does for
 * NotFound/AlreadyExists/Conflict, and the kind plus the field cause for Invalid. Anything that is
 * not a StoreError is rethrown: it is a bug and becomes a 500 at the router's edge.
 */
export function fromStoreError(error: unknown): ApiError {
  if (!isStoreError(error)) throw error;
  const { details } = error;
  const invalid = error.reason === "Invalid";
  return new ApiError(
    CODES[error.reason],
    error.reason,
    error.message,
    {
      ...(details.name ? { name: details.name } : {}),
      group: details.group,
      kind: invalid ? (details.kind ?? details.resource) : details.resource,
      ...(invalid && details.field ? { causes: [{ reason: "FieldValueInvalid", message: error.message, field: details.field }] } : {}),
    },
    { cause: error },
  );
}
