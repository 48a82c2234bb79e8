import { decodeJwt } from "jose";

/**
 * The `iss` claim of a JWT read WITHOUT verifying anything; undefined when the token is not a JWT
 * or has no string `iss`. Only a routing hint: it picks which verifier must then accept the token.
 */
export function unverifiedIssuerOf(token: string): string | undefined {
  try {
    const { iss } = decodeJwt(token);
    return typeof iss === "string" ? iss : undefined;
  } catch {
    return undefined;
  }
}
