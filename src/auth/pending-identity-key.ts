import { createContextKey } from "@connectrpc/connect";
import type { Identity } from "./identity.js";

/**
 * Context value carrying the authentication of a call that began before its body was read
 * (createAuthenticationGate); the authentication interceptor awaits it instead of verifying the
 * token a second time. Undefined on exempt RPCs and for calls that did not come through HTTP.
 */
export const pendingIdentityKey = createContextKey<Promise<Identity> | undefined>(undefined, {
  description: "authentication started before the request body was read",
});
