import { createHmac, randomBytes } from "node:crypto";
import { chmod, mkdir, readFile, rename, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import bcrypt from "bcryptjs";
import type { AdminPasswordSource } from "./admin-password-source.js";

/** Admin credentials in effect in embedded mode, as kept in the data directory. */
export interface StoredAdminCredentials {
  /** bcrypt hash of the admin password. */
  readonly passwordHash: string;
  /** HS256 base key for admin tokens (the given one, else 32 random bytes kept in the file). */
  readonly signingKey: Uint8Array;
  /** Where the password came from (the start log names it). */
  readonly source: AdminPasswordSource;
  /** The file the hash and key are kept in. */
  readonly file: string;
  /**
   * The password in clear, only on the start that generated it, so that start can show it once.
   * Never stored, never logged by this module.
   */
  readonly generatedPassword?: string;
}

/** What the operator configured; each absent one is taken from the file or generated. */
export interface GivenAdminCredentials {
  /** ADMIN_ACCOUNT_PASSWORD. */
  readonly password?: string;
  /** ADMIN_ACCOUNT_PASSWORD_HASH. */
  readonly passwordHash?: string;
  /** ADMIN_ACCOUNT_TOKEN_SIGNING_KEY, as bytes. */
  readonly signingKey?: Uint8Array;
}

/** File name of the stored credentials inside the data directory. */
export const ADMIN_CREDENTIALS_FILE = "admin-credentials.json";

// bcrypt's customary default cost; bcryptjs is pure JavaScript, so higher costs slow every login.
const BCRYPT_COST = 10;

interface FileShape {
  passwordHash: string;
  signingKey: string;
}

/**
 * Embedded-mode admin set-up. The password, in this order: ADMIN_ACCOUNT_PASSWORD_HASH,
 * ADMIN_ACCOUNT_PASSWORD, the hash kept in `<dataDir>/admin-credentials.json` by an earlier start,
 * else a random one generated now and returned once in `generatedPassword`. Whatever the source,
 * the hash in effect is what the file keeps (mode 0600), so a later start without the variables
 * accepts the same password — the given one or the shown one, never one nobody saw. The signing
 * key: the given one, else the file's, else 32 random bytes kept in the file.
 */
export async function loadOrCreateAdminCredentials(dataDir: string, given: GivenAdminCredentials = {}): Promise<StoredAdminCredentials> {
  const file = join(dataDir, ADMIN_CREDENTIALS_FILE);
  const existing = await readStored(file);
  const storedKey = existing?.signingKey ?? new Uint8Array(randomBytes(32));
  const signingKey = given.signingKey ?? storedKey;
  let source: AdminPasswordSource;
  let passwordHash: string;
  let generatedPassword: string | undefined;
  if (given.passwordHash !== undefined) {
    source = "env-hash";
    passwordHash = given.passwordHash;
  } else if (given.password !== undefined) {
    source = "env-password";
    passwordHash = await hashAdminPassword(given.password, signingKey);
  } else if (existing !== undefined) {
    source = "stored";
    passwordHash = existing.passwordHash;
  } else {
    source = "generated";
    generatedPassword = randomBytes(18).toString("base64url");
    passwordHash = await bcrypt.hash(generatedPassword, BCRYPT_COST);
  }
  if (existing === undefined || existing.passwordHash !== passwordHash) {
    await writeStored(dataDir, file, { passwordHash, signingKey: Buffer.from(storedKey).toString("base64") });
  }
  return { passwordHash, signingKey, source, file, ...(generatedPassword !== undefined ? { generatedPassword } : {}) };
}

/**
 * The bcrypt hash of a password given in clear, with a salt derived from the token signing key
 * rather than random: every start and every replica sharing the key computes the same hash, so
 * tokens bound to it (adminTokenKey) survive restarts and work on every replica. The salt's job —
 * making precomputed tables useless — holds: it is unique to the deployment and secret with its key.
 */
export async function hashAdminPassword(password: string, signingKey: Uint8Array): Promise<string> {
  const saltBytes = createHmac("sha256", signingKey).update("kargo-api admin password salt").digest().subarray(0, 16);
  return bcrypt.hash(password, `$2b$${BCRYPT_COST}$${bcrypt.encodeBase64(Array.from(saltBytes), 16)}`);
}

// Write beside, then rename: a crash mid-write never leaves a half file that a later start would
// misread, and the file never exists with a looser mode.
async function writeStored(dataDir: string, file: string, stored: FileShape): Promise<void> {
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  const temporary = `${file}.${process.pid}.tmp`;
  await writeFile(temporary, JSON.stringify(stored), { mode: 0o600, flag: "wx" });
  await rename(temporary, file);
}

async function readStored(file: string): Promise<{ passwordHash: string; signingKey: Uint8Array } | undefined> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") {
      return undefined;
    }
    throw error;
  }
  const parsed = JSON.parse(text) as Partial<FileShape>;
  if (typeof parsed.passwordHash !== "string" || typeof parsed.signingKey !== "string") {
    throw new Error(`${file} is not a valid admin credentials file; remove it to generate new credentials`);
  }
  const signingKey = new Uint8Array(Buffer.from(parsed.signingKey, "base64"));
  if (signingKey.byteLength < 32) {
    throw new Error(`${file} holds a signing key shorter than 32 bytes; remove it to generate new credentials`);
  }
  if (((await stat(file)).mode & 0o077) !== 0) {
    await chmod(file, 0o600);
  }
  return { passwordHash: parsed.passwordHash, signingKey };
}
