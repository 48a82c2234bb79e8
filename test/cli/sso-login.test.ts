import { chmod, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { driveOidcLogin } from "../support/drive-oidc-login.js";
import { CLI_CLIENT, startRefreshingOidcProvider, WEB_CLIENT_ID, type RefreshingOidcProvider } from "../client/support/refreshing-oidc-provider.js";
import { startKargoStack, type KargoStack } from "../support/use-kargo-stack.js";
import { useCli } from "./support/cli-process.js";
import { freePort } from "../support/free-port.js";

interface Stored {
  servers: Record<string, { method: string; token: string; refreshToken?: string; issuer?: string; clientId?: string }>;
}

// `login --sso` end to end: the CLI process listens on its loopback callback port and prints the
// authorization URL; the test plays the browser against a real oidc-provider (fetch + cookie jar)
// and delivers the redirect to the CLI, which exchanges the code (PKCE) and stores the tokens.
describe("kargo-api login --sso", () => {
  const cli = useCli();
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
  const stored = async () => JSON.parse(await readFile(join(cli().configDir, "credentials.json"), "utf8")) as Stored;

  it("prints the URL, receives the code on the callback port and stores ID and refresh token", async () => {
    const port = await freePort();
    const login = cli().start(["login", "--sso", "--no-browser", "--callback-port", String(port), "--server", stack.baseUrl]);
    const [url] = await login.waitFor(/http:\/\/\S+\/auth\?\S+/, { stream: "stderr" });
    const authorize = new URL(url);
    expect(authorize.searchParams.get("client_id")).toBe(CLI_CLIENT.clientId);
    expect(authorize.searchParams.get("redirect_uri")).toBe(`http://127.0.0.1:${port}/auth/callback`);
    expect(authorize.searchParams.get("code_challenge_method")).toBe("S256");
    expect(authorize.searchParams.get("scope")?.split(" ")).toEqual(expect.arrayContaining(["openid", "offline_access"]));

    const callback = await driveOidcLogin(url, "alice", `http://127.0.0.1:${port}/auth/callback`);
    // A callback with another state is refused; the CLI keeps waiting for the right one.
    const forged = new URL(callback);
    forged.searchParams.set("state", "forged");
    expect((await fetch(forged)).status).toBe(400);
    const delivered = await fetch(callback);
    expect(delivered.status).toBe(200);
    expect(await delivered.text()).toMatch(/Signed in/);

    const result = await login.exited();
    expect(result).toMatchObject({ code: 0, stdout: `logged in to ${stack.baseUrl} as alice@example.com (oidc)\n` });
    expect((await stored()).servers[stack.baseUrl]).toMatchObject({
      method: "sso",
      issuer: provider.issuer,
      clientId: CLI_CLIENT.clientId,
      refreshToken: expect.any(String),
    });

    const me = await cli().exec(["whoami", "-o", "json"]);
    expect(JSON.parse(me.stdout)).toMatchObject({ authMethod: "oidc", email: "alice@example.com" });
  });

  it("renews an expired ID token with the stored refresh token and stores the new tokens", async () => {
    const file = join(cli().configDir, "credentials.json");
    const before = await stored();
    const entry = before.servers[stack.baseUrl]!;
    // An ID token that expired long ago (exp: 1): the CLI must refresh before calling.
    const expired = `${Buffer.from('{"alg":"none"}').toString("base64url")}.${Buffer.from('{"exp":1}').toString("base64url")}.x`;
    before.servers[stack.baseUrl] = { ...entry, token: expired };
    await writeFile(file, JSON.stringify(before));
    const grants = provider.refreshGrants();

    const me = await cli().exec(["whoami"]);
    expect(me.code).toBe(0);
    expect(me.stdout).toMatch(/^email: +alice@example.com$/m);
    expect(provider.refreshGrants() - grants).toBe(1);
    const after = (await stored()).servers[stack.baseUrl]!;
    expect(after.token).not.toBe(expired);
    expect(after.refreshToken).not.toBe(entry.refreshToken);
  });

  it("opens the browser with xdg-open when it is on PATH", async () => {
    const bin = await mkdtemp(join(tmpdir(), "fake-browser-"));
    try {
      const opened = join(bin, "opened-url");
      await writeFile(join(bin, "xdg-open"), `#!/bin/sh\nprintf '%s' "$1" > '${opened}'\n`);
      await chmod(join(bin, "xdg-open"), 0o755);
      const port = await freePort();
      const login = cli().start(["login", "--sso", "--callback-port", String(port), "--server", stack.baseUrl], {
        env: { PATH: `${bin}:${process.env["PATH"]}` },
      });
      const [printed] = await login.waitFor(/http:\/\/\S+\/auth\?\S+/, { stream: "stderr" });
      let url = "";
      // The fake xdg-open writes the file while the CLI carries on: wait for it (the test timeout bounds this).
      while (url === "") {
        url = await readFile(opened, "utf8").catch(() => "");
        if (url === "") await new Promise((r) => setTimeout(r, 25));
      }
      expect(url).toBe(printed);
      await fetch(await driveOidcLogin(url, "alice", `http://127.0.0.1:${port}/auth/callback`));
      expect((await login.exited()).code).toBe(0);
    } finally {
      await rm(bin, { recursive: true, force: true });
    }
  });

  it("fails with one line (exit 3) when the callback port is taken", async () => {
    const result = await cli().exec(["login", "--sso", "--no-browser", "--callback-port", String(new URL(stack.baseUrl).port), "--server", stack.baseUrl]);
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(
      /^error: sso_failed: cannot listen on 127\.0\.0\.1:\d+ for the sign-in callback \(EADDRINUSE\); choose another --callback-port\n$/,
    );
  });
});
