/**
 * A watch subscriber fell more than its buffer limit behind: the hub dropped its pending events
 * and ended the stream rather than grow memory. toConnectError makes it RESOURCE_EXHAUSTED.
 */
export class WatchBufferOverflowError extends Error {
  override name = "WatchBufferOverflowError";
  constructor(readonly bufferLimit: number) {
    super(`the watch fell more than ${bufferLimit} events behind and was ended; watch again from the last resource_version received`);
  }
}

/** True when `error` is a WatchBufferOverflowError. */
export function isWatchBufferOverflowError(error: unknown): error is WatchBufferOverflowError {
  return error instanceof WatchBufferOverflowError;
}
