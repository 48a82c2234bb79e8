import { createRemoteJWKSet, jwtVerify, type JWTPayload } from "jose";
import type { OidcIdentity } from "../identity.js";
import { discoverOidcIssuer, type OidcDiscovery } from "./discover-oidc-issuer.js";
import { OIDC_ALGORITHMS } from "./oidc-algorithms.js";
import type { OidcVerifierOptions } from "./oidc-verifier-options.js";

/** Verifies ID tokens of one OpenID provider. */
export interface OidcVerifier {
  /** The configured issuer; authentication routes tokens whose `iss` equals it here. */
  readonly issuer: string;
  /** Verifies an ID token and returns the caller it names; throws when anything is off. */
  verify(token: string): Promise<OidcIdentity>;
}

/**
 * Creates an ID-token verifier. Discovery runs on first use and is retried on a later request when
 * it failed (the provider may start after us). Keys come from the provider's JWKS through jose's
 * remote key set: cached, and re-fetched when a token names an unknown `kid` (at most once per
 * cooldown), so a provider's key rotation is picked up without a restart.
 */
export function createOidcVerifier(options: Partial<OidcVerifierOptions> & Pick<OidcVerifierOptions, "issuerUrl" | "clientIds">): OidcVerifier {
  const { issuerUrl, clientIds, usernameClaim = "email", jwksCooldownMs = 30_000, clockToleranceSeconds = 60 } = options;
  if (clientIds.length === 0) {
    throw new Error("OIDC needs at least one client ID");
  }
  let keys: Promise<ReturnType<typeof createRemoteJWKSet>> | undefined;

  function keySet(): Promise<ReturnType<typeof createRemoteJWKSet>> {
    keys ??= discoverOidcIssuer(issuerUrl).then(
      (discovery: OidcDiscovery) => createRemoteJWKSet(new URL(discovery.jwksUri), { cooldownDuration: jwksCooldownMs }),
      (error: unknown) => {
        keys = undefined;
        throw error;
      },
    );
    return keys;
  }

  return {
    issuer: issuerUrl,
    async verify(token) {
      const { payload } = await jwtVerify(token, await keySet(), {
        algorithms: [...OIDC_ALGORITHMS],
        issuer: issuerUrl,
        audience: [...clientIds],
        clockTolerance: clockToleranceSeconds,
        requiredClaims: ["sub", "exp"],
      });
      return toIdentity(payload, usernameClaim);
    },
  };
}

function toIdentity(payload: JWTPayload, usernameClaim: string): OidcIdentity {
  const value = payload[usernameClaim];
  if (value !== undefined && typeof value !== "string") {
    throw new Error(`claim ${JSON.stringify(usernameClaim)} must be a string`);
  }
  return {
    kind: "oidc",
    subject: payload.sub ?? "",
    usernameClaim,
    username: value ?? "",
    claims: payload as Record<string, unknown>,
    expiresAt: payload.exp === undefined ? undefined : new Date(payload.exp * 1000),
  };
}
