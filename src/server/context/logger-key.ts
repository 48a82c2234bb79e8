import { createContextKey } from "@connectrpc/connect";
import { pino, type Logger } from "pino";

/**
 * The logger of the current call: a child of the server's logger carrying
 * the request id and procedure, set by the logging interceptor. Handlers and
 * later interceptors log through it so every line of a call can be found by
 * its request id. The default discards everything (calls outside a server).
 */
export const loggerKey = createContextKey<Logger>(pino({ enabled: false }), { description: "call logger" });
