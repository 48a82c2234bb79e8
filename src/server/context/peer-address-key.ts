import { createContextKey, type HandlerContext } from "@connectrpc/connect";

/**
 * The address of the connection's peer ("127.0.0.1", "::1"), set by the
 * HTTP layer; empty outside the HTTP server. It is the direct peer: behind a
 * proxy it is the proxy's address. Used for per-client rate limits.
 */
export const peerAddressKey = createContextKey<string>("", { description: "peer address" });

/** The peer address of a call, for handlers (e.g. AdminLogin's rate-limit key). */
export function peerAddressOf(context: HandlerContext): string {
  return context.values.get(peerAddressKey);
}
