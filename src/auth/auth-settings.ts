import type { LoginRateLimiterOptions } from "./admin/login-rate-limiter.js";

/** Everything authentication and authorization are configured with (see startAuth). */
export interface AuthSettings {
  readonly admin: {
    readonly enabled: boolean;
    /** ADMIN_ACCOUNT_PASSWORD: hashed at start, never kept in clear. */
    readonly password?: string;
    /** ADMIN_ACCOUNT_PASSWORD_HASH (bcrypt). */
    readonly passwordHash?: string;
    /** ADMIN_ACCOUNT_TOKEN_SIGNING_KEY (≥ 32 bytes as UTF-8). */
    readonly tokenSigningKey?: string;
    readonly tokenIssuer: string;
    readonly tokenAudience: string;
    readonly tokenTtlSeconds: number;
  };
  readonly oidc: {
    readonly enabled: boolean;
    readonly issuerUrl: string;
    readonly clientId: string;
    /** Empty when the CLI uses the web client ID. */
    readonly cliClientId: string;
    readonly usernameClaim: string;
    /** Minimum interval between JWKS re-fetches on an unknown kid; default 30 s. */
    readonly jwksCooldownMs?: number;
  };
  readonly globalServiceAccountNamespaces: readonly string[];
  /** Access decisions are reused this long; 0 disables the cache. */
  readonly authorizationCacheTtlMs: number;
  /**
   * Longest a verified admin or OIDC token is reused without verifying it again (never past its
   * `exp`); 0 disables. Default: authorizationCacheTtlMs — one setting for how stale a trust
   * decision may be.
   */
  readonly verifiedTokenCacheMaxAgeMs?: number;
  readonly namespaces: {
    readonly kargo: string;
    readonly sharedResources: string;
    readonly systemResources: string;
  };
  /**
   * Embedded mode's data directory: when the admin account is enabled without a password or a
   * signing key, the missing ones are generated there once and reused (loadOrCreateAdminCredentials).
   */
  readonly dataDir?: string;
  readonly loginRateLimit?: Partial<LoginRateLimiterOptions>;
}
