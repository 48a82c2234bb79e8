import { configFrom, sampleVersion, systemClient } from "./system-client.js";

describe("SystemService.GetPublicConfig", () => {
  describe("when OIDC is disabled", () => {
    it("has no OIDC settings, and says whether admin login is on", async () => {
      const res = await systemClient(configFrom({}), sampleVersion).getPublicConfig({});
      expect(res.oidcConfig).toBeUndefined();
      expect(res.adminAccountEnabled).toBe(true);
      expect(res.skipAuth).toBe(false);
    });
  });

  describe("when OIDC is enabled", () => {
    it("gives the issuer, both client IDs and the scopes (defaults first, additional after)", async () => {
      const res = await systemClient(
        configFrom({
          OIDC_ISSUER_URL: "https://idp.example.com",
          OIDC_CLIENT_ID: "kargo-web",
          OIDC_CLI_CLIENT_ID: "kargo-cli",
          OIDC_ADDITIONAL_SCOPES: "groups, offline_access",
          ADMIN_ACCOUNT_ENABLED: "false",
        }),
        sampleVersion,
      ).getPublicConfig({});
      expect(res.oidcConfig).toMatchObject({
        issuerUrl: "https://idp.example.com",
        clientId: "kargo-web",
        cliClientId: "kargo-cli",
        scopes: ["openid", "profile", "email", "groups", "offline_access"],
      });
      expect(res.adminAccountEnabled).toBe(false);
    });
  });

  it("carries nothing secret", async () => {
    const res = await systemClient(
      configFrom({ ADMIN_ACCOUNT_PASSWORD: "pw-s3cret", ADMIN_ACCOUNT_TOKEN_SIGNING_KEY: "key-s3cret-key-s3cret-key-s3cret-" }),
      sampleVersion,
    ).getPublicConfig({});
    expect(JSON.stringify(res)).not.toContain("s3cret");
  });
});
