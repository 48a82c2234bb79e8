import { createContextKey } from "@connectrpc/connect";

/**
 * Whether the call's messages are protobuf binary (usesBinaryFormat), decided once by the HTTP layer
 * (src/server/http/create-rpc-handler.ts) from the request's content type, which it reads anyway:
 * the encode-once interceptor reads this instead of testing the content type a second time (issue
 * 18). Undefined for calls not through the HTTP server (the in-memory router transport): the
 * interceptor then decides from the request's headers itself.
 */
export const binaryFormatKey = createContextKey<boolean | undefined>(undefined, { description: "protobuf binary messages" });
