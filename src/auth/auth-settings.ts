import type { Config, OidcConfig } from "../config/config.js";
import type { LoginRateLimiterOptions } from "./admin/login-rate-limiter.js";
import type { ConfiguredNamespaces } from "./authorization/resolve-access-checks.js";

/**
 * Everything authentication and authorization are configured with (see startAuth): the auth part
 * of {@link Config} as it is (authSettingsFromConfig), plus what only tests set.
 */
export interface AuthSettings extends Pick<Config, "admin" | "globalServiceAccountNamespaces" | "authorizationCacheTtlMs"> {
  readonly oidc: Pick<OidcConfig, "enabled" | "issuerUrl" | "clientId" | "cliClientId" | "usernameClaim"> & {
    /** Minimum interval between JWKS re-fetches on an unknown kid; default 30 s. */
    readonly jwksCooldownMs?: number;
  };
  /** The namespaces the authorization table's checks name (Config's `kargo` namespaces). */
  readonly namespaces: ConfiguredNamespaces;
  /**
   * Longest a verified admin or OIDC token is reused without verifying it again (never past its
   * `exp`); 0 disables. Default: authorizationCacheTtlMs — one setting for how stale a trust
   * decision may be.
   */
  readonly verifiedTokenCacheMaxAgeMs?: number;
  /**
   * Embedded mode's data directory: when the admin account is enabled without a password or a
   * signing key, the missing ones are generated there once and reused (loadOrCreateAdminCredentials).
   */
  readonly dataDir?: string;
  readonly loginRateLimit?: Partial<LoginRateLimiterOptions>;
}
