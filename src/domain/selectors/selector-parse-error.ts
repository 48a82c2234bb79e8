/**
 * A label or field selector that cannot be parsed, or that names an invalid key, value or field.
 * The API layer answers it with 400 BadRequest, as Kubernetes does for `?labelSelector=`.
 */
export class SelectorParseError extends Error {
  override name = "SelectorParseError";
  /** The selector text (or a description of the selector object) that failed. */
  readonly selector: string;

  constructor(selector: string, problem: string) {
    super(`unable to parse selector ${JSON.stringify(selector)}: ${problem}`);
    this.selector = selector;
  }
}

/** True when `error` is a SelectorParseError (works across module copies via the name). */
export function isSelectorParseError(error: unknown): error is SelectorParseError {
  return error instanceof SelectorParseError || (error instanceof Error && error.name === "SelectorParseError");
}
