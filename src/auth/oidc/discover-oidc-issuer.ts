/** The parts of an OpenID provider's discovery document the server uses. */
export interface OidcDiscovery {
  readonly issuer: string;
  readonly jwksUri: string;
}

/**
 * Fetches `<issuer>/.well-known/openid-configuration` (OpenID Connect Discovery 1.0 §4) and
 * returns the issuer and JWKS URI. The document's `issuer` must equal the configured one exactly
 * (§4.3), otherwise tokens could be accepted for an issuer other than the one configured.
 */
export async function discoverOidcIssuer(issuerUrl: string, timeoutMs = 10_000): Promise<OidcDiscovery> {
  const url = `${issuerUrl.replace(/\/+$/, "")}/.well-known/openid-configuration`;
  const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs), headers: { accept: "application/json" } });
  if (!response.ok) {
    throw new Error(`OIDC discovery at ${url} answered HTTP ${response.status}`);
  }
  const document = (await response.json()) as { issuer?: unknown; jwks_uri?: unknown };
  if (document.issuer !== issuerUrl) {
    throw new Error(`OIDC discovery at ${url} names issuer ${JSON.stringify(document.issuer)}, expected ${JSON.stringify(issuerUrl)}`);
  }
  if (typeof document.jwks_uri !== "string" || document.jwks_uri === "") {
    throw new Error(`OIDC discovery at ${url} has no jwks_uri`);
  }
  return { issuer: document.issuer, jwksUri: document.jwks_uri };
}
