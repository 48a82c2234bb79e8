import type { StoreErrorReason } from "./types.js";

/** What a StoreError is about; the API layer copies it into the Kubernetes Status `details`. */
export interface StoreErrorDetails {
  group: string;
  /** Plural resource name, e.g. "stages". */
  resource: string;
  /** The object's kind when the store knows it (from the object being written). */
  kind?: string;
  name?: string;
  namespace?: string;
  /** For "Invalid": the offending field path, e.g. "metadata.finalizers". */
  field?: string;
}

/**
 * A failure the store raises on purpose. `reason` is a Kubernetes Status reason, so the API layer
 * maps it to an HTTP status in one place (NotFound 404, AlreadyExists 409, Conflict 409,
 * Invalid 422, Expired 410, BadRequest 400). The message names the object and where it lives.
 */
export class StoreError extends Error {
  override readonly name = "StoreError";

  constructor(
    readonly reason: StoreErrorReason,
    message: string,
    readonly details: StoreErrorDetails,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** Type guard for StoreError; works across module copies because it checks the shape too. */
export function isStoreError(value: unknown): value is StoreError {
  if (value instanceof StoreError) {
    return true;
  }
  return (
    value instanceof Error &&
    value.name === "StoreError" &&
    typeof (value as Partial<StoreError>).reason === "string" &&
    typeof (value as Partial<StoreError>).details === "object"
  );
}
