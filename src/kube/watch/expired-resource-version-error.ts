/**
 * A watch cannot resume from the requested resourceVersion: it is older than the events the hub
 * still holds, or the hub's informer had to relist (Kubernetes answered 410 Gone). The client must
 * relist and watch again; toConnectError makes it OUT_OF_RANGE.
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
