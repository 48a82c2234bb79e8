import type { ResourceTypeInfo } from "./types.js";

/** The slice of a pino logger the store uses, so any pino (child) logger fits. */
export interface StoreLogger {
  warn(fields: object, message: string): void;
  error(fields: object, message: string): void;
}

/** Options for openStore. */
export interface StoreOptions {
  /** SQLite database file; ":memory:" for a throw-away store (tests). */
  path: string;
  /**
   * How many change events are kept for watches that resume from a resourceVersion. A watch from
   * an older version gets StoreError "Expired". Default 10,000.
   */
  historyLimit: number;
  /**
   * Resource types the garbage collector and namespace deletion may have to delete objects of.
   * Optional: the store also remembers (persistently) every type written through it, so this only
   * matters for types whose objects were written by an older build.
   */
  types: readonly ResourceTypeInfo[];
  /**
   * Group commit: writes join one open transaction, committed (one fsync) on the next event-loop
   * turn (setImmediate), so the writes of concurrent requests share an fsync. A write call then
   * returns before its data is durable: acknowledge it only after `store.durable()` resolves.
   * Default false (every call commits before it returns).
   */
  groupCommit: boolean;
  /** Where listener failures and garbage-collection failures are reported. Default: silent. */
  logger: StoreLogger;
}

const silentLogger: StoreLogger = { warn() {}, error() {} };

/** Merges the caller's options with the defaults once; the result is frozen. */
export function makeStoreOptions(options: Partial<StoreOptions> & { path: string }): Readonly<StoreOptions> {
  const historyLimit = options.historyLimit ?? 10_000;
  if (!Number.isInteger(historyLimit) || historyLimit < 1) {
    throw new Error(`store historyLimit must be a positive integer, got ${String(options.historyLimit)}`);
  }
  return Object.freeze({
    path: options.path,
    historyLimit,
    types: options.types ?? [],
    groupCommit: options.groupCommit ?? false,
    logger: options.logger ?? silentLogger,
  });
}
