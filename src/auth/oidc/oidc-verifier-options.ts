/** Options of {@link createOidcVerifier}. */
export interface OidcVerifierOptions {
  /** OIDC_ISSUER_URL: must equal the tokens' `iss` and the discovery document's `issuer`. */
  readonly issuerUrl: string;
  /** Accepted audiences: the web client ID and, when set, the CLI client ID. */
  readonly clientIds: readonly string[];
  /** OIDC_USERNAME_CLAIM (default "email"). */
  readonly usernameClaim: string;
  /**
   * Minimum time between two JWKS fetches triggered by an unknown `kid`, in milliseconds
   * (jose's cooldownDuration). Default 30 000; it bounds how often forged kids can make us fetch.
   */
  readonly jwksCooldownMs: number;
  /** Leeway on exp/nbf, in seconds. Default 60 (Kargo's nbf leeway). */
  readonly clockToleranceSeconds: number;
}
