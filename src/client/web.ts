/**
 * The Kargo API client kit without Node's transport, for browsers and bundlers
 * ("kargo-api-client/web"). See docs/client.md.
 */
export { createKargoWebClient, type KargoWebClientOptions } from "./create-kargo-web-client.js";
export { kargoClientsFor, type KargoClient } from "./kargo-clients.js";
export type { KargoClientOptions } from "./kargo-client-options.js";
export type { KargoAuth, TokenSource } from "./token-source.js";
export { staticToken } from "./static-token.js";
export { adminLogin, type AdminLoginOptions } from "./admin-login.js";
export { oidcRefreshToken, type OidcRefreshOptions, type OidcTokens } from "./oidc-refresh-token.js";
export { cachedToken, type ExpiringToken } from "./cached-token.js";
export { createAuthInterceptor } from "./create-auth-interceptor.js";
export { createRetryInterceptor } from "./create-retry-interceptor.js";
export { createConnectionErrorInterceptor, normalizeConnectionError } from "./create-connection-error-interceptor.js";
export type { RetryOptions } from "./retry-options.js";
export { WatchEventType } from "../../gen/kargo/api/v1/watch_pb.js";
export { RawFormat } from "../../gen/kargo/api/v1/common_pb.js";
export { watchResumable, type Resync, type WatchResumableOptions, type WatchResponseLike } from "./watch-resumable.js";
export { CONTRACT_VERSION } from "./contract-version.js";
export { checkContractVersion } from "./check-contract-version.js";
export { createContractCheckInterceptor, type ContractCheckOptions } from "./create-contract-check-interceptor.js";
