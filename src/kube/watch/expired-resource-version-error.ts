/**
 * A watch cannot resume from the requested resourceVersion: it is older than the Kubernetes API's
 * history (410 Gone), newer than any version the Kubernetes API has issued, not known at all (an
 * opaque version), or the hub's informer had to relist. The client must relist and watch again;
 * toConnectError makes it OUT_OF_RANGE.
 */
export class ExpiredResourceVersionError extends Error {
  override name = "ExpiredResourceVersionError";
  constructor(
    /** The version the watch asked for, if any. */
    readonly resourceVersion: string | undefined,
    message: string,
  ) {
    super(message);
  }
}

/** True when `error` is an ExpiredResourceVersionError. */
export function isExpiredResourceVersionError(error: unknown): error is ExpiredResourceVersionError {
  return error instanceof ExpiredResourceVersionError;
}
