import { chmod, mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { homedir } from "node:os";
import { join } from "node:path";
import { LocalError } from "./cli-errors.js";

/** What `kargo-api login` keeps for one server. */
export interface StoredCredentials {
  /** How the token was obtained. */
  readonly method: "admin" | "sso" | "token";
  /** The bearer token (admin token, OIDC ID token or API token). */
  readonly token: string;
  /** When the token expires (RFC 3339), if known. */
  readonly expiresAt?: string;
  /** SSO: the refresh token, issuer and client ID used to renew the ID token. */
  readonly refreshToken?: string;
  readonly issuer?: string;
  readonly clientId?: string;
}

/** A named server (and project) to switch to: `kargo-api config set-context`, `--context NAME`. */
export interface CliContextEntry {
  readonly server: string;
  readonly project?: string;
}

/**
 * The credentials file: per server URL, plus the server of the last login; the named contexts and
 * the one in use (`config use-context`; a later login to another server leaves it).
 */
export interface CredentialsFile {
  current?: string;
  servers: Record<string, StoredCredentials>;
  contexts?: Record<string, CliContextEntry>;
  currentContext?: string;
}

/**
 * The directory of the CLI's files: `KARGO_API_CONFIG_DIR`, else `$XDG_CONFIG_HOME/kargo-api`,
 * else `~/.config/kargo-api`.
 */
export function configDir(env: NodeJS.ProcessEnv): string {
  if (env["KARGO_API_CONFIG_DIR"]) return env["KARGO_API_CONFIG_DIR"];
  return join(env["XDG_CONFIG_HOME"] || join(homedir(), ".config"), "kargo-api");
}

/** Reads and writes `<config dir>/credentials.json` (directory 0700, file 0600, replaced atomically). */
export class CredentialsStore {
  readonly path: string;
  constructor(readonly dir: string) {
    this.path = join(dir, "credentials.json");
  }

  /** The file's content; empty when it does not exist. */
  async read(): Promise<CredentialsFile> {
    let text: string;
    try {
      text = await readFile(this.path, "utf8");
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === "ENOENT") return { servers: {} };
      throw new LocalError("credentials", `cannot read ${this.path}: ${(e as Error).message}`, { cause: e });
    }
    try {
      const parsed = JSON.parse(text) as CredentialsFile;
      return { current: parsed.current, servers: parsed.servers ?? {}, contexts: parsed.contexts ?? {}, currentContext: parsed.currentContext };
    } catch (e) {
      throw new LocalError("credentials", `${this.path} is not valid JSON; delete it and log in again`, { cause: e });
    }
  }

  /** Stores `credentials` for `server` and makes it the current server. */
  async save(server: string, credentials: StoredCredentials): Promise<void> {
    const file = await this.read();
    file.servers[server] = credentials;
    file.current = server;
    // The last login decides the default server: a context pointing elsewhere is no longer in use.
    if (file.currentContext !== undefined && file.contexts?.[file.currentContext]?.server !== server) delete file.currentContext;
    await this.write(file);
  }

  /** Changes the contexts (and which is in use) with `change`, then writes the file. */
  async updateContexts(change: (file: CredentialsFile & { contexts: Record<string, CliContextEntry> }) => void): Promise<void> {
    const file = await this.read();
    const withContexts = { ...file, contexts: file.contexts ?? {} };
    change(withContexts);
    await this.write(withContexts);
  }

  /** Forgets `server`; true when something was stored for it. */
  async remove(server: string): Promise<boolean> {
    const file = await this.read();
    const had = server in file.servers;
    delete file.servers[server];
    if (file.current === server) delete file.current;
    await this.write(file);
    return had;
  }

  async write(file: CredentialsFile): Promise<void> {
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    const temp = `${this.path}.${process.pid}.tmp`;
    await writeFile(temp, `${JSON.stringify(file, null, 2)}\n`, { mode: 0o600 });
    await chmod(temp, 0o600);
    await rename(temp, this.path);
  }
}
