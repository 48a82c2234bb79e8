import type { Interceptor } from "@connectrpc/connect";
import type { Authenticate } from "./authenticate.js";
import { isExemptProcedure } from "./exempt-procedures.js";
import { identityKey } from "./identity-context.js";

/**
 * The authentication interceptor (unary and streaming alike: it only reads headers). Exempt RPCs
 * pass untouched; every other call must carry a token that {@link Authenticate} accepts, and the
 * verified caller is set as the {@link identityKey} context value for what runs after it.
 */
export function createAuthenticationInterceptor(authenticate: Authenticate): Interceptor {
  return (next) => async (req) => {
    if (isExemptProcedure(req.service.typeName, req.method.name)) {
      return next(req);
    }
    req.contextValues.set(identityKey, await authenticate(req.header.get("authorization")));
    return next(req);
  };
}
