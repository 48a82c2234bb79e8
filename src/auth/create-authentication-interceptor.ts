import type { Interceptor } from "@connectrpc/connect";
import type { Authenticate } from "./authenticate.js";
import { isExemptMethod } from "./exempt-procedures.js";
import { identityKey } from "./identity-context.js";
import { pendingIdentityKey } from "./pending-identity-key.js";

/**
 * The authentication interceptor (unary and streaming alike: it only reads headers). Exempt RPCs
 * pass untouched; every other call must carry a token that {@link Authenticate} accepts, and the
 * verified caller is set as the {@link identityKey} context value for what runs after it. A call
 * that came through the HTTP server was already sent to `authenticate` before its body was read
 * (create-authentication-gate.ts): that outcome is awaited, not verified again.
 */
export function createAuthenticationInterceptor(authenticate: Authenticate): Interceptor {
  return (next) => (req) => {
    if (isExemptMethod(req.method)) {
      return next(req);
    }
    const pending = req.contextValues.get(pendingIdentityKey) ?? authenticate(req.header.get("authorization"));
    return pending.then((identity) => {
      req.contextValues.set(identityKey, identity);
      return next(req);
    });
  };
}
