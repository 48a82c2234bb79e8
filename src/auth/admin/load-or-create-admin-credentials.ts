import { randomBytes } from "node:crypto";
import { chmod, mkdir, readFile, rename, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import bcrypt from "bcryptjs";

/** Admin credentials kept in the data directory for embedded mode. */
export interface StoredAdminCredentials {
  /** bcrypt hash of the admin password. */
  readonly passwordHash: string;
  /** HS256 key for admin tokens (32 random bytes). */
  readonly signingKey: Uint8Array;
  /**
   * The password in clear, only on the start that generated it, so that start can show it once.
   * Never stored, never logged by this module.
   */
  readonly generatedPassword?: string;
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
 * Embedded-mode admin set-up when no admin password or signing key is configured. The first start
 * generates a random password and signing key, stores the password's bcrypt hash and the key in
 * `<dataDir>/admin-credentials.json` (mode 0600) and returns the password once in
 * `generatedPassword`; later starts read the same file back (and tighten its mode if loosened).
 */
export async function loadOrCreateAdminCredentials(dataDir: string): Promise<StoredAdminCredentials> {
  const file = join(dataDir, ADMIN_CREDENTIALS_FILE);
  const existing = await readStored(file);
  if (existing !== undefined) {
    return existing;
  }
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  const password = randomBytes(18).toString("base64url");
  const signingKey = randomBytes(32);
  const stored: FileShape = {
    passwordHash: await bcrypt.hash(password, BCRYPT_COST),
    signingKey: signingKey.toString("base64"),
  };
  // Write beside, then rename: a crash mid-write never leaves a half file that a later start
  // would misread, and the file never exists with a looser mode.
  const temporary = `${file}.${process.pid}.tmp`;
  await writeFile(temporary, JSON.stringify(stored), { mode: 0o600, flag: "wx" });
  await rename(temporary, file);
  return { passwordHash: stored.passwordHash, signingKey: new Uint8Array(signingKey), generatedPassword: password };
}

async function readStored(file: string): Promise<StoredAdminCredentials | undefined> {
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
