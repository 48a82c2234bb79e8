import { SignJWT, jwtVerify } from "jose";
import type { SigningKey } from "./signing-key.js";

/** Issuer of every token this control plane signs (the `iss` claim). */
export const TOKEN_ISSUER = "https://kargo-embedded.local";

/**
 * The audience of this API server: tokens for it carry this `aud`, and a TokenReview without
 * spec.audiences checks against it (Kubernetes' `--api-audiences`, which defaults to the issuer).
 */
export const API_AUDIENCE = TOKEN_ISSUER;

/** What a ServiceAccount token asserts; the review re-checks the named objects still exist. */
export interface ServiceAccountTokenClaims {
  namespace: string;
  serviceAccount: { name: string; uid: string };
  /** Set for tokens stored in a `kubernetes.io/service-account-token` Secret or bound to a Secret. */
  secret?: { name: string; uid?: string };
  audiences: string[];
  /** Seconds since the epoch; absent for Secret-based tokens, which live as long as their Secret. */
  expiresAt?: number;
}

/** Signs and verifies ServiceAccount tokens (JWTs, ES256). */
export interface TokenAuthority {
  issue(claims: ServiceAccountTokenClaims): Promise<string>;
  /** The token's claims when its signature, issuer, audience and expiry check out; undefined otherwise. */
  verify(token: string, audiences: readonly string[]): Promise<(ServiceAccountTokenClaims & { matchedAudiences: string[] }) | undefined>;
}

interface KubernetesClaim {
  namespace: string;
  serviceaccount: { name: string; uid: string };
  secret?: { name: string; uid?: string };
}

/** Verified tokens remembered (least recently used dropped): the server's own token and a few clients'. */
const VERIFIED_CACHE_SIZE = 1000;

/**
 * Builds the authority over a signing key. Claims follow Kubernetes' bound-token layout (`kubernetes.io`).
 *
 * A token whose signature verified is remembered, keyed by the whole token (a token differing in
 * any byte, a forged signature included, is verified afresh): every request to the embedded API
 * carries the API server's own token, and an ES256 verification per request was a fifth of the
 * CPU a manifest's object costs. Expiry and audience are checked again on every use; whether the
 * ServiceAccount or Secret still exists is reviewToken's check, on every review.
 */
export function createTokenAuthority(key: SigningKey): TokenAuthority {
  const verified = new Map<string, ServiceAccountTokenClaims>();
  const fromCache = (token: string, audiences: readonly string[]) => {
    const claims = verified.get(token);
    if (claims === undefined) return undefined;
    verified.delete(token);
    if (claims.expiresAt !== undefined && claims.expiresAt <= Date.now() / 1000) return undefined;
    verified.set(token, claims);
    const matchedAudiences = claims.audiences.filter((a) => audiences.includes(a));
    return matchedAudiences.length === 0 ? undefined : { ...claims, matchedAudiences };
  };
  const remember = (token: string, claims: ServiceAccountTokenClaims) => {
    verified.set(token, claims);
    if (verified.size > VERIFIED_CACHE_SIZE) verified.delete(verified.keys().next().value!);
  };
  return {
    async issue(claims) {
      const kubernetes: KubernetesClaim = {
        namespace: claims.namespace,
        serviceaccount: claims.serviceAccount,
        ...(claims.secret ? { secret: claims.secret } : {}),
      };
      const jwt = new SignJWT({ "kubernetes.io": kubernetes })
        .setProtectedHeader({ alg: "ES256", kid: key.kid })
        .setIssuer(TOKEN_ISSUER)
        .setSubject(`system:serviceaccount:${claims.namespace}:${claims.serviceAccount.name}`)
        .setAudience(claims.audiences)
        .setIssuedAt()
        .setNotBefore("0s");
      if (claims.expiresAt !== undefined) jwt.setExpirationTime(claims.expiresAt);
      return jwt.sign(key.privateKey);
    },
    async verify(token, audiences) {
      if (verified.has(token)) return fromCache(token, audiences);
      try {
        const { payload } = await jwtVerify(token, key.publicKey, {
          issuer: TOKEN_ISSUER,
          algorithms: ["ES256"],
          audience: [...audiences],
        });
        const kubernetes = payload["kubernetes.io"] as KubernetesClaim | undefined;
        if (!kubernetes?.namespace || !kubernetes.serviceaccount?.name || !kubernetes.serviceaccount.uid) return undefined;
        const tokenAudiences = Array.isArray(payload.aud) ? payload.aud : payload.aud ? [payload.aud] : [];
        const claims: ServiceAccountTokenClaims = {
          namespace: kubernetes.namespace,
          serviceAccount: kubernetes.serviceaccount,
          ...(kubernetes.secret ? { secret: kubernetes.secret } : {}),
          audiences: tokenAudiences,
          ...(payload.exp !== undefined ? { expiresAt: payload.exp } : {}),
        };
        remember(token, claims);
        return { ...claims, matchedAudiences: tokenAudiences.filter((a) => audiences.includes(a)) };
      } catch {
        // Any verification failure (signature, expiry, audience, malformed) means "not authenticated".
        return undefined;
      }
    },
  };
}
