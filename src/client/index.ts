/**
 * The Kargo API client kit (package "kargo-api-client"): typed clients of every service over Connect, token
 * sources (static, admin login, OIDC refresh), retries of side-effect-free calls and resumable
 * watches. See docs/client.md.
 */
export * from "./web.js";
export { createKargoClient, type KargoNodeClientOptions } from "./create-kargo-client.js";
