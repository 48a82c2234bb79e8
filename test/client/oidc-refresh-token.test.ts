import { Code } from "@connectrpc/connect";
import { createKargoClient, oidcRefreshToken, type OidcTokens } from "../../src/client/index.js";
import { startKargoStack, type KargoStack } from "../support/use-kargo-stack.js";
import { signInWithRefreshToken } from "./support/sign-in-with-refresh-token.js";
import { CLI_CLIENT, startRefreshingOidcProvider, WEB_CLIENT_ID, type RefreshingOidcProvider } from "./support/refreshing-oidc-provider.js";

// A real oidc-provider issuing refresh tokens, a stack trusting it, and the kit's OIDC token source.
describe("oidcRefreshToken", () => {
  let provider: RefreshingOidcProvider;
  let stack: KargoStack;
  beforeAll(async () => {
    provider = await startRefreshingOidcProvider();
    provider.setAccount("alice", "alice@example.com");
    stack = await startKargoStack({ env: { OIDC_ISSUER_URL: provider.issuer, OIDC_CLIENT_ID: WEB_CLIENT_ID, OIDC_CLI_CLIENT_ID: CLI_CLIENT.clientId } });
  });
  afterAll(async () => {
    await stack?.close();
    await provider?.close();
  });

  it("uses the ID token while it is valid, without calling the token endpoint", async () => {
    const { idToken, refreshToken } = await signInWithRefreshToken(provider.issuer, CLI_CLIENT.clientId, CLI_CLIENT.redirectUri, "alice");
    const before = provider.refreshGrants();
    const kargo = createKargoClient(stack.baseUrl, {
      auth: oidcRefreshToken({ issuer: provider.issuer, clientId: CLI_CLIENT.clientId, idToken, refreshToken }),
    });
    expect(await kargo.auth.whoAmI({})).toMatchObject({ authMethod: "oidc", email: "alice@example.com" });
    expect(provider.refreshGrants()).toBe(before);
  });

  it("gets a new ID token with the refresh_token grant when the current one is about to expire", async () => {
    const { idToken, refreshToken } = await signInWithRefreshToken(provider.issuer, CLI_CLIENT.clientId, CLI_CLIENT.redirectUri, "alice");
    const refreshed: OidcTokens[] = [];
    // ID tokens live 10 min: a 20 min margin makes every token "about to expire".
    const auth = oidcRefreshToken({
      issuer: provider.issuer,
      clientId: CLI_CLIENT.clientId,
      idToken,
      refreshToken,
      refreshBeforeMs: 20 * 60_000,
      onRefresh: (t) => void refreshed.push(t),
    });
    // One refresh per call is what is counted: the contract check's call would be one more.
    const kargo = createKargoClient(stack.baseUrl, { auth, contractCheck: false });
    const before = provider.refreshGrants();
    expect((await kargo.auth.whoAmI({})).subject).toBe("alice");
    expect((await kargo.auth.whoAmI({})).subject).toBe("alice");
    expect(provider.refreshGrants() - before).toBe(2);
    expect(refreshed).toHaveLength(2);
    expect(refreshed[0]!.idToken).toMatch(/^ey[\w-]+\.[\w-]+\.[\w-]+$/);
    // Public clients get rotated refresh tokens: the second refresh used the first's new one.
    expect(refreshed[1]!.refreshToken).not.toBe(refreshed[0]!.refreshToken);
  });

  it("fails calls with UNAUTHENTICATED when the provider refuses the refresh token", async () => {
    const kargo = createKargoClient(stack.baseUrl, {
      auth: oidcRefreshToken({ issuer: provider.issuer, clientId: CLI_CLIENT.clientId, refreshToken: "not-a-refresh-token" }),
    });
    await expect(kargo.auth.whoAmI({})).rejects.toMatchObject({
      code: Code.Unauthenticated,
      rawMessage: expect.stringMatching(/^OIDC token refresh refused: invalid_grant.*sign in again$/),
    });
  });
});
