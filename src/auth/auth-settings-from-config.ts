import type { Config } from "../config/config.js";
import type { AuthSettings } from "./auth-settings.js";

/** The auth part of the server configuration; `dataDir` only in embedded mode. */
export function authSettingsFromConfig(config: Config): AuthSettings {
  return {
    admin: {
      enabled: config.admin.enabled,
      password: config.admin.password,
      passwordHash: config.admin.passwordHash,
      tokenSigningKey: config.admin.tokenSigningKey,
      tokenIssuer: config.admin.tokenIssuer,
      tokenAudience: config.admin.tokenAudience,
      tokenTtlSeconds: Math.max(1, Math.round(config.admin.tokenTtlMs / 1000)),
    },
    oidc: {
      enabled: config.oidc.enabled,
      issuerUrl: config.oidc.issuerUrl,
      clientId: config.oidc.clientId,
      cliClientId: config.oidc.cliClientId,
      usernameClaim: config.oidc.usernameClaim,
    },
    globalServiceAccountNamespaces: config.globalServiceAccountNamespaces,
    authorizationCacheTtlMs: config.authorizationCacheTtlMs,
    namespaces: {
      kargo: config.kargo.namespace,
      sharedResources: config.kargo.sharedResourcesNamespace,
      systemResources: config.kargo.systemResourcesNamespace,
    },
    dataDir: config.kubernetes.mode === "embedded" ? config.embedded.dataDir : undefined,
  };
}
