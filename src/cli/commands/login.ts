import { createKargoClient } from "../../client/create-kargo-client.js";
import { jwtExpiry } from "../../client/jwt-expiry.js";
import { staticToken } from "../../client/static-token.js";
import { LocalError, UsageError } from "../cli-errors.js";
import type { CliContext } from "../cli-context.js";
import type { Command } from "../command.js";
import type { StoredCredentials } from "../credentials-store.js";
import { readPassword } from "../read-password.js";
import { ssoLogin } from "../sso-login.js";

/** Default loopback port of the SSO redirect URI (register http://127.0.0.1:8085/auth/callback). */
export const DEFAULT_CALLBACK_PORT = 8085;

/** `kargo-api login --admin | --sso | --token TOKEN`: signs in and stores the token for the server. */
export const login: Command = {
  name: "login",
  summary: "sign in (--admin, --sso or --token) and store the credentials for the server",
  usage: `kargo-api login --server URL (--admin | --sso | --token TOKEN)

  --admin               admin account: the password is read from the terminal (no echo) or stdin
  --sso                 OpenID Connect: authorization code + PKCE with a loopback redirect; opens
                        the browser (xdg-open/open) and prints the URL
  --callback-port PORT  loopback port of the SSO redirect http://127.0.0.1:PORT/auth/callback
                        (default ${DEFAULT_CALLBACK_PORT}; it must be registered at the identity provider)
  --no-browser          --sso: only print the URL
  --timeout SECONDS     --sso: give up after this long (default 300)
  --token TOKEN         an API token or any bearer token the server accepts ("-": read from stdin)

The token is checked with WhoAmI, then stored (mode 0600) in <config dir>/credentials.json under the
server URL, and the server becomes the default for later commands.`,
  options: {
    admin: { type: "boolean" },
    sso: { type: "boolean" },
    token: { type: "string" },
    "callback-port": { type: "string" },
    "no-browser": { type: "boolean" },
    timeout: { type: "string" },
  },
  async run(context, { values }) {
    const modes = (["admin", "sso", "token"] as const).filter((m) => values[m] !== undefined);
    if (modes.length !== 1) throw new UsageError("login needs exactly one of --admin, --sso, --token");
    const server = await context.server();
    let credentials: StoredCredentials;
    if (values["admin"]) credentials = await adminCredentials(context, (await context.store.read()).servers[server]);
    else if (values["sso"]) credentials = await ssoCredentials(context, values);
    else {
      const given = values["token"] as string;
      const token = given === "-" ? await readPassword(context.io, "Token: ") : given;
      credentials = { method: "token", token, expiresAt: expiryOf(token) };
    }
    const me = await createKargoClient(server, { auth: staticToken(credentials.token) }).auth.whoAmI({});
    await context.store.save(server, credentials);
    context.print(`logged in to ${server} as ${me.username || me.subject} (${me.authMethod})`);
  },
};

async function adminCredentials(context: CliContext, previous: StoredCredentials | undefined): Promise<StoredCredentials> {
  const password = await readPassword(context.io);
  // The admin token of an earlier login to this same server, even expired, exempts this login from
  // its address's backoff (docs/api-behaviour.md, AuthService): others behind the same NAT cannot
  // keep us out.
  const headers = previous?.method === "admin" ? { authorization: `Bearer ${previous.token}` } : undefined;
  const response = await (await context.anonymousClient()).auth.adminLogin({ password }, headers ? { headers } : {});
  const expiresAt = response.expireTime ? new Date(Number(response.expireTime.seconds) * 1000).toISOString() : undefined;
  return { method: "admin", token: response.idToken, expiresAt };
}

async function ssoCredentials(context: CliContext, values: Record<string, unknown>): Promise<StoredCredentials> {
  const port = Number(values["callback-port"] ?? DEFAULT_CALLBACK_PORT);
  if (!Number.isInteger(port) || port < 1 || port > 65535)
    throw new UsageError(`--callback-port must be a port number, got "${String(values["callback-port"])}"`);
  const timeout = Number(values["timeout"] ?? 300);
  if (!(timeout > 0)) throw new UsageError(`--timeout must be a positive number of seconds, got "${String(values["timeout"])}"`);
  const publicConfig = await (await context.anonymousClient()).system.getPublicConfig({});
  if (!publicConfig.oidcConfig) throw new LocalError("sso_disabled", `${await context.server()} has no OIDC sign-in configured (use --admin or --token)`);
  const tokens = await ssoLogin(context.io, {
    oidc: publicConfig.oidcConfig,
    callbackPort: port,
    openBrowser: !values["no-browser"],
    timeoutMs: timeout * 1000,
  });
  return {
    method: "sso",
    token: tokens.idToken,
    expiresAt: expiryOf(tokens.idToken),
    refreshToken: tokens.refreshToken,
    issuer: tokens.issuer,
    clientId: tokens.clientId,
  };
}

function expiryOf(token: string): string | undefined {
  const expiry = jwtExpiry(token);
  return expiry === undefined ? undefined : new Date(expiry).toISOString();
}
