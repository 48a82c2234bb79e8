/** How admin tokens are signed and checked (both sides use the same options). */
export interface AdminTokenOptions {
  /** HMAC key for HS256; at least 32 bytes (RFC 7518 §3.2: key size ≥ hash output size). */
  readonly signingKey: Uint8Array;
  /** `iss` of admin tokens; also how authentication recognises one. */
  readonly issuer: string;
  /** `aud` of admin tokens. */
  readonly audience: string;
  /** Lifetime of a minted token, in seconds. */
  readonly ttlSeconds: number;
}

/** Minimum HS256 key length in bytes. */
export const MIN_ADMIN_SIGNING_KEY_BYTES = 32;
