/**
 * Signature algorithms accepted on ID tokens: asymmetric only. HMAC algorithms are excluded so that
 * a token "signed" with the provider's public key as an HMAC secret can never verify, and "none"
 * is excluded by jose regardless.
 */
export const OIDC_ALGORITHMS: readonly string[] = ["RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA", "Ed25519"];
