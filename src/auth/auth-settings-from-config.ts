import type { Config } from "../config/config.js";
import type { AuthSettings } from "./auth-settings.js";

/** The auth part of the server configuration; `dataDir` only in embedded mode. */
export function authSettingsFromConfig(config: Config): AuthSettings {
  return {
    admin: config.admin,
    oidc: config.oidc,
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
