/**
 * Why a registry operation failed, in the words a Warehouse condition uses:
 * - `AuthenticationFailed`: the registry refused the credentials (or wants some and there are none);
 * - `RepositoryNotFound`: no such repository (or tag, or digest);
 * - `RegistryUnavailable`: unreachable, timed out, rate limited or a server error — worth retrying;
 * - `InvalidResponse`: an answer that breaks the protocol (bad JSON, digest mismatch, too large).
 */
export type RegistryErrorReason = "AuthenticationFailed" | "RepositoryNotFound" | "RegistryUnavailable" | "InvalidResponse";

/** A failed registry operation; the message names the repository and never carries a secret. */
export class RegistryError extends Error {
  override name = "RegistryError";
  /** The registry asked to be retried no sooner than this (a Retry-After longer than a request waits). */
  readonly retryAfterMs: number | undefined;
  constructor(
    readonly reason: RegistryErrorReason,
    message: string,
    options?: { cause?: unknown; retryAfterMs?: number | undefined },
  ) {
    super(message, options);
    this.retryAfterMs = options?.retryAfterMs;
  }
}

/** True for a RegistryError. */
export function isRegistryError(error: unknown): error is RegistryError {
  return error instanceof RegistryError;
}
