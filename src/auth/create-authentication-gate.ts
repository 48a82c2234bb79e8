import type { BodyGate } from "../server/http/body-gate.js";
import type { Authenticate } from "./authenticate.js";
import { isExemptProcedure } from "./exempt-procedures.js";
import { pendingIdentityKey } from "./pending-identity-key.js";

/**
 * Authentication at the HTTP layer, before the request body is read: connect-es decodes a body
 * before any interceptor runs, so without this an anonymous caller could make the server parse
 * megabytes of JSON before the missing token is noticed. The same {@link Authenticate} as the
 * interceptor, called once: its promise is left in {@link pendingIdentityKey} for the
 * authentication interceptor, which sets the identity. Exempt RPCs pass at once.
 */
export function createAuthenticationGate(authenticate: Authenticate): BodyGate {
  return ({ service, method, header, contextValues }) => {
    if (isExemptProcedure(service, method)) return undefined;
    const pending = authenticate(header.get("authorization"));
    contextValues.set(pendingIdentityKey, pending);
    return pending;
  };
}
