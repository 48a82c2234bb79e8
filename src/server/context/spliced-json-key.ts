import { createContextKey } from "@connectrpc/connect";

/** Where a Connect unary JSON response's pre-assembled body is handed from the interceptors to the HTTP layer. */
export interface SplicedJsonSlot {
  body?: Uint8Array;
}

/**
 * Set by the HTTP layer (src/server/http/create-rpc-handler.ts) on Connect unary JSON calls only,
 * where it can replace the body connect-es serialised: the encode-once interceptor puts the
 * response's JSON, spliced from cached per-object JSON, in the slot and hands connect-es an empty
 * message instead. Unset (every other call, and calls not through the HTTP server, e.g. the
 * in-memory router transport): connect-es serialises the real message as usual.
 */
export const splicedJsonKey = createContextKey<SplicedJsonSlot | undefined>(undefined, { description: "spliced JSON body" });
