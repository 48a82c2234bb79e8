/**
 * A JSON patch (RFC 6902) that could not be applied. `malformed` separates a patch that is not a
 * valid patch document (Kubernetes answers 400 BadRequest) from a valid patch that does not apply to
 * this object — a missing path, a failed `test` (Kubernetes answers 422 Unprocessable Entity).
 */
export class JsonPatchError extends Error {
  override name = "JsonPatchError";
  /** Index of the failing operation in the patch array; -1 when the patch itself is not an array. */
  readonly index: number;
  /** Why it failed, without the operation prefix. */
  readonly reason: string;
  /** True when the patch document is invalid rather than inapplicable. */
  readonly malformed: boolean;

  constructor(index: number, op: string, path: string | undefined, reason: string, malformed: boolean) {
    const where = index < 0 ? "json patch" : `json patch operation ${index} (${op}${path === undefined ? "" : ` ${JSON.stringify(path)}`})`;
    super(`${where}: ${reason}`);
    this.index = index;
    this.reason = reason;
    this.malformed = malformed;
  }
}

/** True when `error` is a JsonPatchError. */
export function isJsonPatchError(error: unknown): error is JsonPatchError {
  return error instanceof JsonPatchError || (error instanceof Error && error.name === "JsonPatchError");
}
