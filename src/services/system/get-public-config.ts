import type { ServiceImpl } from "@connectrpc/connect";
import type { SystemService } from "../../../gen/kargo/api/v1/system_service_pb.js";
import type { Config } from "../../config/config.js";

/**
 * SystemService.GetPublicConfig: what a client needs to sign in. Needs no
 * authentication, so it carries nothing secret: the OIDC issuer, client IDs
 * and scopes (only when OIDC is enabled) and whether admin login is on.
 */
export function getPublicConfig(config: Pick<Config, "oidc" | "admin">): ServiceImpl<typeof SystemService>["getPublicConfig"] {
  const { oidc, admin } = config;
  const response = {
    oidcConfig: oidc.enabled ? { issuerUrl: oidc.issuerUrl, clientId: oidc.clientId, cliClientId: oidc.cliClientId, scopes: [...oidc.scopes] } : undefined,
    adminAccountEnabled: admin.enabled,
    // This server always authenticates; there is no skip-auth mode.
    skipAuth: false,
  };
  return () => response;
}
