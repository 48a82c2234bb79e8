import { Code, ConnectError } from "@connectrpc/connect";
import type { AdminTokenOptions } from "./admin/admin-token-options.js";
import { verifyAdminToken } from "./admin/verify-admin-token.js";
import type { Identity } from "./identity.js";
import type { TokenReviewer } from "./kubernetes/create-token-reviewer.js";
import type { OidcVerifier } from "./oidc/create-oidc-verifier.js";
import { parseBearerToken } from "./parse-bearer-token.js";
import { unverifiedIssuerOf } from "./unverified-issuer-of.js";

/** What {@link createAuthenticate} needs; an absent verifier means that kind of sign-in is off. */
export interface AuthenticateDeps {
  /** Admin token options; undefined when the admin account is disabled. */
  readonly admin?: AdminTokenOptions;
  /** ID-token verifier; undefined when OIDC is disabled. */
  readonly oidc?: OidcVerifier;
  /** TokenReview through the Kubernetes API, for every other token. */
  readonly reviewToken: TokenReviewer;
}

/** Turns an `Authorization` header value into the verified caller, or throws a ConnectError. */
export type Authenticate = (authorization: string | null) => Promise<Identity>;

/**
 * Creates the token classifier of kargo-behaviour.md §7.1, failing closed:
 * - no well-formed bearer token → UNAUTHENTICATED;
 * - unverified `iss` equal to the admin issuer → must verify as an admin token (never falls through);
 * - unverified `iss` equal to the OIDC issuer (OIDC on) → must verify as an ID token;
 * - anything else → accepted only when a TokenReview says it is authenticated.
 * Failures answer UNAUTHENTICATED "invalid token" with the reason kept in `cause` (not sent to the
 * client); a Kubernetes API that cannot be reached answers UNAVAILABLE. Tokens are never logged.
 */
export function createAuthenticate(deps: AuthenticateDeps): Authenticate {
  return async (authorization) => {
    const token = parseBearerToken(authorization);
    if (token === undefined) {
      throw new ConnectError(authorization === null ? "no token provided" : "malformed authorization header", Code.Unauthenticated);
    }
    const issuer = unverifiedIssuerOf(token);
    if (deps.admin !== undefined && issuer === deps.admin.issuer) {
      return verified(() => verifyAdminToken(token, deps.admin!));
    }
    if (deps.oidc !== undefined && issuer === deps.oidc.issuer) {
      return verified(() => deps.oidc!.verify(token));
    }
    let identity;
    try {
      identity = await deps.reviewToken(token);
    } catch (cause) {
      throw new ConnectError("cannot verify token: Kubernetes API unavailable", Code.Unavailable, undefined, undefined, cause);
    }
    if (identity === undefined) {
      throw new ConnectError("invalid token", Code.Unauthenticated);
    }
    return identity;
  };
}

async function verified(verify: () => Promise<Identity>): Promise<Identity> {
  try {
    return await verify();
  } catch (cause) {
    throw new ConnectError("invalid token", Code.Unauthenticated, undefined, undefined, cause);
  }
}
