import { createContextKey } from "@connectrpc/connect";
import type { Identity } from "./identity.js";

/**
 * Context value carrying the authenticated caller of an RPC. Set by the authentication interceptor;
 * undefined on exempt RPCs (GetPublicConfig, AdminLogin, health, reflection).
 */
export const identityKey = createContextKey<Identity | undefined>(undefined, {
  description: "authenticated caller",
});
