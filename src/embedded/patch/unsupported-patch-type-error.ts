/**
 * A PATCH whose Content-Type this API does not support, such as server-side apply
 * (`application/apply-patch+yaml`). The API layer answers it with 415 Unsupported Media Type.
 */
export class UnsupportedPatchTypeError extends Error {
  override name = "UnsupportedPatchTypeError";
  /** The Content-Type as the client sent it. */
  readonly contentType: string;

  constructor(contentType: string, why: string) {
    super(`unsupported patch content type ${JSON.stringify(contentType)}: ${why}`);
    this.contentType = contentType;
  }
}

/** True when `error` is an UnsupportedPatchTypeError. */
export function isUnsupportedPatchTypeError(error: unknown): error is UnsupportedPatchTypeError {
  return error instanceof UnsupportedPatchTypeError || (error instanceof Error && error.name === "UnsupportedPatchTypeError");
}
