import { readFile, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { STACK_ADMIN_PASSWORD, useKargoStack } from "../support/use-kargo-stack.js";
import { useCli } from "./support/cli-process.js";

// login/logout/whoami against a real stack in embedded mode, the CLI as a child process. The stack
// runs with secret management off, so the credentials RPCs answer UNIMPLEMENTED.
describe("kargo-api login, whoami, logout", () => {
  const stack = useKargoStack({ env: { SECRET_MANAGEMENT_ENABLED: "false" } });
  const cli = useCli();

  describe("login --admin", () => {
    it("reads the password from stdin, stores the token at mode 0600 and whoami shows the admin", async () => {
      const login = await cli().run(["login", "--admin", "--server", stack().baseUrl], { input: `${STACK_ADMIN_PASSWORD}\n` });
      expect(login).toMatchObject({ code: 0, stdout: `logged in to ${stack().baseUrl} as admin (admin)\n` });

      const file = join(cli().configDir, "credentials.json");
      expect((await stat(file)).mode & 0o777).toBe(0o600);
      const stored = JSON.parse(await readFile(file, "utf8")) as { current: string; servers: Record<string, { method: string; token: string }> };
      expect(stored.current).toBe(stack().baseUrl);
      expect(stored.servers[stack().baseUrl]).toMatchObject({ method: "admin", token: expect.stringMatching(/^ey/) });

      // No --server: the server of the last login.
      const me = await cli().run(["whoami"]);
      expect(me.code).toBe(0);
      expect(me.stdout).toMatch(/^username: +admin$/m);
      expect(me.stdout).toMatch(/^auth method: +admin$/m);
    });

    it("whoami -o json prints the WhoAmI response", async () => {
      const me = await cli().exec(["whoami", "-o", "json"]);
      expect(me.code).toBe(0);
      expect(JSON.parse(me.stdout)).toMatchObject({ subject: "admin", admin: true, authMethod: "admin" });
    });

    it("fails with one error line and exit 1 on a wrong password, storing nothing new", async () => {
      const login = await cli().run(["login", "--admin", "--server", stack().baseUrl], { input: "wrong\n" });
      expect(login.code).toBe(1);
      expect(login.stderr).toMatch(/^error: permission_denied: .+\n$/);
    });

    it("fails as a local error (exit 3) on an empty password", async () => {
      const login = await cli().exec(["login", "--admin", "--server", stack().baseUrl], { input: "" });
      expect(login).toMatchObject({ code: 3, stderr: "error: no_password: no password given (type it at the prompt or pipe it on stdin)\n" });
    });
  });

  describe("login --token", () => {
    it("checks the token with WhoAmI and stores it", async () => {
      const login = await cli().exec(["login", "--token", stack().adminToken, "--server", stack().baseUrl]);
      expect(login).toMatchObject({ code: 0, stdout: `logged in to ${stack().baseUrl} as admin (admin)\n` });
    });

    it("refuses a token the server does not accept (UNAUTHENTICATED, exit 1)", async () => {
      const login = await cli().exec(["login", "--token", "not-a-token", "--server", stack().baseUrl]);
      expect(login).toMatchObject({ code: 1, stderr: "error: unauthenticated: invalid token\n" });
    });
  });

  describe("login --sso", () => {
    it("says so when the server has no OIDC sign-in (exit 3)", async () => {
      const result = await cli().exec(["login", "--sso", "--no-browser", "--server", stack().baseUrl]);
      expect(result).toMatchObject({ code: 3, stderr: `error: sso_disabled: ${stack().baseUrl} has no OIDC sign-in configured (use --admin or --token)\n` });
    });

    it("rejects a callback port that is not a port (usage, exit 2)", async () => {
      const result = await cli().exec(["login", "--sso", "--callback-port", "http", "--server", stack().baseUrl]);
      expect(result).toMatchObject({ code: 2, stderr: expect.stringMatching(/^error: usage: --callback-port must be a port number, got "http"/) });
    });
  });

  describe("an expired stored login", () => {
    it("says so before calling the server (exit 3)", async () => {
      const file = join(cli().configDir, "credentials.json");
      const stored = JSON.parse(await readFile(file, "utf8")) as { servers: Record<string, { expiresAt?: string }> };
      const entry = stored.servers[stack().baseUrl]!;
      const valid = entry.expiresAt;
      entry.expiresAt = "2020-01-01T00:00:00.000Z";
      await writeFile(file, JSON.stringify(stored));
      try {
        const me = await cli().exec(["whoami", "--server", stack().baseUrl]);
        expect(me).toMatchObject({
          code: 3,
          stderr: `error: login_expired: the stored token for ${stack().baseUrl} expired at 2020-01-01T00:00:00.000Z: run kargo-api login\n`,
        });
      } finally {
        entry.expiresAt = valid;
        await writeFile(file, JSON.stringify(stored));
      }
    });
  });

  describe("KARGO_API_TOKEN", () => {
    it("overrides the stored credentials", async () => {
      const me = await cli().exec(["whoami", "--server", stack().baseUrl], { env: { KARGO_API_TOKEN: "bogus" } });
      expect(me).toMatchObject({ code: 1, stderr: "error: unauthenticated: invalid token\n" });
    });
  });

  describe("logout", () => {
    it("forgets the server; later calls say to log in (exit 3)", async () => {
      expect(await cli().run(["logout", "--server", stack().baseUrl])).toMatchObject({ code: 0, stdout: `logged out of ${stack().baseUrl}\n` });
      const me = await cli().exec(["whoami", "--server", stack().baseUrl]);
      expect(me).toMatchObject({ code: 3, stderr: `error: not_logged_in: no credentials for ${stack().baseUrl}: run kargo-api login\n` });
      // Still usable with a token from the environment.
      expect((await cli().exec(["whoami", "--server", stack().baseUrl], { env: { KARGO_API_TOKEN: stack().adminToken } })).code).toBe(0);
    });
  });

  describe("an RPC the server does not implement", () => {
    it("is reported as one UNIMPLEMENTED line with exit 1 (spawned process)", async () => {
      const result = await cli().run(["get", "credentials", "-p", "any", "--server", stack().baseUrl], { env: { KARGO_API_TOKEN: stack().adminToken } });
      expect(result).toMatchObject({ code: 1, stdout: "", stderr: "error: unimplemented: secret management is not enabled\n" });
    });
  });

  describe("usage errors (exit 2)", () => {
    it.each([
      [["frobnicate"], /^error: usage: unknown command "frobnicate"/],
      [["login", "--server", "http://127.0.0.1:9"], /^error: usage: login needs exactly one of --admin, --sso, --token/],
      [["get", "projects", "--bogus"], /^error: usage: get: Unknown option '--bogus'/],
      [["whoami", "--server", "ftp://x"], /^error: usage: --server must be an http or https URL/],
      [["get", "stages", "--server", "http://127.0.0.1:9"], /^error: usage: this command needs --project NAME/],
      [["get", "projects", "-o", "xml", "--server", "http://127.0.0.1:9"], /^error: usage: --output must be table, json or yaml/],
    ])("kargo-api %j", async (args, message) => {
      const result = await cli().exec(args);
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(message);
      expect(result.stderr.trimEnd().split("\n")).toHaveLength(1);
    });

    it("exits 2 from the process too", async () => {
      const result = await cli().run(["frobnicate"]);
      expect(result).toMatchObject({ code: 2, stderr: 'error: usage: unknown command "frobnicate" (see kargo-api --help)\n' });
    });

    it("talks to http://localhost:8080 when nothing names a server, and says to log in there", async () => {
      const result = await cli().exec(["whoami"]);
      expect(result).toMatchObject({ code: 3, stderr: "error: not_logged_in: no credentials for http://localhost:8080: run kargo-api login\n" });
    });
  });

  it("prints help listing every command", async () => {
    const help = await cli().exec(["--help"]);
    expect(help.code).toBe(0);
    for (const command of [
      "serve",
      "login",
      "logout",
      "whoami",
      "get",
      "watch",
      "apply",
      "delete",
      "promote",
      "approve",
      "alias",
      "abort",
      "refresh",
      "create",
    ]) {
      expect(help.stdout).toMatch(new RegExp(`^  ${command} `, "m"));
    }
  });
});
