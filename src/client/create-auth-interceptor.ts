import { Code, ConnectError, type Interceptor } from "@connectrpc/connect";
import type { TokenSource } from "./token-source.js";

/**
 * Puts `Authorization: Bearer <token>` on every call, the token from `source`. When a unary call
 * answers UNAUTHENTICATED (the token expired or was revoked), the source is invalidated and the
 * call is made once more with a fresh token; streams are not repeated (their consumer decides).
 */
export function createAuthInterceptor(source: TokenSource): Interceptor {
  return (next) => async (req) => {
    const token = await source.getToken(req.signal);
    if (token !== undefined) req.header.set("authorization", `Bearer ${token}`);
    if (req.stream) return next(req);
    try {
      return await next(req);
    } catch (e) {
      if (token === undefined || ConnectError.from(e).code !== Code.Unauthenticated) throw e;
      source.invalidate();
      const fresh = await source.getToken(req.signal);
      if (fresh === undefined || fresh === token) throw e;
      req.header.set("authorization", `Bearer ${fresh}`);
      return next(req);
    }
  };
}
