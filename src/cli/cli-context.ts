import { createKargoClient } from "../client/create-kargo-client.js";
import type { KargoClient } from "../client/kargo-clients.js";
import { oidcRefreshToken } from "../client/oidc-refresh-token.js";
import { staticToken } from "../client/static-token.js";
import { jwtExpiry } from "../client/jwt-expiry.js";
import { LocalError, UsageError } from "./cli-errors.js";
import { configDir, CredentialsStore, type StoredCredentials } from "./credentials-store.js";
import { DEFAULT_SERVER } from "./default-server.js";
import type { OutputFormat } from "./output-format.js";

/** The process's streams and environment, passed down (nothing below reads process.* directly). */
export interface CliIo {
  readonly env: NodeJS.ProcessEnv;
  readonly stdin: NodeJS.ReadableStream & { isTTY?: boolean; setRawMode?: (raw: boolean) => unknown };
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: NodeJS.WritableStream;
  /** Aborted on SIGINT/SIGTERM: long-running commands (watch, serve, SSO login) end on it. */
  readonly signal: AbortSignal;
}

/** What a command works with: I/O, the global options, the credentials store and the API client. */
export class CliContext {
  readonly store: CredentialsStore;
  private cached?: KargoClient;

  constructor(
    readonly io: CliIo,
    readonly output: OutputFormat,
    private readonly serverOption: string | undefined,
    private readonly projectOption: string | undefined,
    private readonly contextOption?: string,
  ) {
    this.store = new CredentialsStore(configDir(io.env));
  }

  /** Writes one line to stdout. */
  print(line = ""): void {
    this.io.stdout.write(`${line}\n`);
  }

  /**
   * The API server URL: --server, the --context's server, KARGO_API_SERVER, the context in use
   * (`config use-context`), the server of the last login, else http://localhost:8080.
   */
  async server(): Promise<string> {
    if (this.serverOption) return normalizeServer(this.serverOption);
    const named = await this.namedContext();
    if (named) return named.server;
    if (this.io.env["KARGO_API_SERVER"]) return normalizeServer(this.io.env["KARGO_API_SERVER"]);
    const file = await this.store.read();
    const inUse = file.currentContext ? file.contexts?.[file.currentContext] : undefined;
    return inUse?.server ?? file.current ?? DEFAULT_SERVER;
  }

  /** The project: see {@link optionalProject}; a usage error when none is set. */
  async project(): Promise<string> {
    const project = await this.optionalProject();
    if (!project) throw new UsageError("this command needs --project NAME");
    return project;
  }

  /** The project if one is given: --project, the --context's, KARGO_API_PROJECT, the context in use's; else undefined. */
  async optionalProject(): Promise<string | undefined> {
    if (this.projectOption) return this.projectOption;
    const named = await this.namedContext();
    if (named) return named.project;
    if (this.io.env["KARGO_API_PROJECT"]) return this.io.env["KARGO_API_PROJECT"];
    const file = await this.store.read();
    return file.currentContext ? file.contexts?.[file.currentContext]?.project : undefined;
  }

  /** The context --context names (a usage error when there is none of that name), else undefined. */
  private async namedContext() {
    if (this.contextOption === undefined) return undefined;
    const found = (await this.store.read()).contexts?.[this.contextOption];
    if (!found) throw new UsageError(`no context named "${this.contextOption}" (kargo-api config get-contexts lists them)`);
    return found;
  }

  /**
   * The client for the server, authenticated with KARGO_API_TOKEN when set, else with what login
   * stored (an SSO login's ID token is refreshed with its refresh token and stored again). A local
   * error (exit 3) when there are no credentials for the server, or only an expired token.
   */
  async client(): Promise<KargoClient> {
    if (this.cached) return this.cached;
    const server = await this.server();
    const envToken = this.io.env["KARGO_API_TOKEN"];
    let stored: StoredCredentials | undefined;
    if (!envToken) stored = (await this.store.read()).servers[server];
    if (!envToken && stored === undefined) throw notLoggedIn(server);
    let auth;
    if (envToken) auth = staticToken(envToken);
    else if (stored?.method === "sso" && stored.refreshToken && stored.issuer && stored.clientId) {
      const previous = stored;
      auth = oidcRefreshToken({
        issuer: stored.issuer,
        clientId: stored.clientId,
        refreshToken: stored.refreshToken,
        idToken: stored.token,
        onRefresh: async (tokens) => {
          const expiry = jwtExpiry(tokens.idToken);
          await this.store.save(server, {
            ...previous,
            token: tokens.idToken,
            refreshToken: tokens.refreshToken,
            expiresAt: expiry ? new Date(expiry).toISOString() : undefined,
          });
        },
      });
    } else if (stored) {
      // Without a way to renew it, an expired token can only fail: say so instead of UNAUTHENTICATED.
      if (stored.expiresAt !== undefined && Date.parse(stored.expiresAt) <= Date.now()) {
        throw new LocalError(
          "login_expired",
          `the ${stored.method === "token" ? "stored" : stored.method} token for ${server} expired at ${stored.expiresAt}: run kargo-api login`,
        );
      }
      auth = staticToken(stored.token);
    }
    this.cached = createKargoClient(server, { auth });
    return this.cached;
  }

  /** A client without credentials (AdminLogin, GetPublicConfig). */
  async anonymousClient(): Promise<KargoClient> {
    return createKargoClient(await this.server());
  }
}

/** A server URL without trailing slash; a usage error when it is not an http(s) URL. */
export function normalizeServer(text: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new UsageError(`--server must be a URL such as http://localhost:8080, got "${text}"`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") throw new UsageError(`--server must be an http or https URL, got "${text}"`);
  return url.href.replace(/\/+$/, "");
}

/** A LocalError telling the user to log in. */
export function notLoggedIn(server: string): LocalError {
  return new LocalError("not_logged_in", `no credentials for ${server}: run kargo-api login`);
}
