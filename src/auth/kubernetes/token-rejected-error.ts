/**
 * The Kubernetes API refused a caller's own token (401) while it was being used for an access
 * review: the token was revoked — its ServiceAccount or Secret deleted — after a TokenReview
 * accepted it. Authorization answers UNAUTHENTICATED for it, never UNAVAILABLE: the caller must
 * sign in again, and a retry would not help.
 */
export class TokenRejectedError extends Error {
  constructor(options?: { cause: unknown }) {
    super("the Kubernetes API no longer accepts this token", options);
    this.name = "TokenRejectedError";
  }
}

/** Whether a client-node error is the API's 401 Unauthorized. */
export function isUnauthorized(error: unknown): boolean {
  return (error as { code?: unknown } | undefined)?.code === 401;
}
