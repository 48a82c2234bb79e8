/**
 * The server a command talks to when nothing names one (no --server, context, KARGO_API_SERVER or
 * earlier login): where `npm start` listens by default.
 */
export const DEFAULT_SERVER = "http://localhost:8080";
