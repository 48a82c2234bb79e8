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

/** Default `iss` of admin tokens: distinct from any URL an OpenID provider could use. */
export const DEFAULT_ADMIN_TOKEN_ISSUER = "urn:kargo-api:admin";

/** Default `aud` of admin tokens. */
export const DEFAULT_ADMIN_TOKEN_AUDIENCE = "urn:kargo-api";

/** Default admin token lifetime (Kargo's ADMIN_ACCOUNT_TOKEN_TTL default, 24h). */
export const DEFAULT_ADMIN_TOKEN_TTL_SECONDS = 24 * 60 * 60;

/** Minimum HS256 key length in bytes. */
export const MIN_ADMIN_SIGNING_KEY_BYTES = 32;
