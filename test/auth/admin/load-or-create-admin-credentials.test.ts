import { chmod, mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { checkAdminPassword } from "../../../src/auth/admin/check-admin-password.js";
import { ADMIN_CREDENTIALS_FILE, loadOrCreateAdminCredentials } from "../../../src/auth/admin/load-or-create-admin-credentials.js";

describe("loadOrCreateAdminCredentials", () => {
  let dataDir: string;
  beforeEach(async () => {
    dataDir = join(await mkdtemp(join(tmpdir(), "admin-creds-")), "data");
  });
  afterEach(async () => {
    await rm(join(dataDir, ".."), { recursive: true, force: true });
  });

  describe("on the first start", () => {
    it("generates a password that matches the stored hash, and a 32-byte key", async () => {
      const created = await loadOrCreateAdminCredentials(dataDir);
      expect(created.generatedPassword).toMatch(/^[A-Za-z0-9_-]{24}$/);
      expect(await checkAdminPassword(created.generatedPassword!, created.passwordHash)).toBe(true);
      expect(created.signingKey.byteLength).toBe(32);
    });

    it("stores only the hash and key, in a file of mode 0600", async () => {
      const created = await loadOrCreateAdminCredentials(dataDir);
      const file = join(dataDir, ADMIN_CREDENTIALS_FILE);
      expect((await stat(file)).mode & 0o777).toBe(0o600);
      const text = await readFile(file, "utf8");
      expect(text).not.toContain(created.generatedPassword!);
      expect(Object.keys(JSON.parse(text)).sort()).toEqual(["passwordHash", "signingKey"]);
    });
  });

  describe("on a later start", () => {
    it("returns the same hash and key, and no password", async () => {
      const first = await loadOrCreateAdminCredentials(dataDir);
      const again = await loadOrCreateAdminCredentials(dataDir);
      expect(again.generatedPassword).toBeUndefined();
      expect(again.passwordHash).toBe(first.passwordHash);
      expect(Buffer.from(again.signingKey).equals(Buffer.from(first.signingKey))).toBe(true);
      expect(await checkAdminPassword(first.generatedPassword!, again.passwordHash)).toBe(true);
    });

    it("tightens a loosened file mode back to 0600", async () => {
      await loadOrCreateAdminCredentials(dataDir);
      const file = join(dataDir, ADMIN_CREDENTIALS_FILE);
      await chmod(file, 0o644);
      await loadOrCreateAdminCredentials(dataDir);
      expect((await stat(file)).mode & 0o777).toBe(0o600);
    });

    it("refuses a corrupt file instead of silently replacing the admin password", async () => {
      await loadOrCreateAdminCredentials(dataDir);
      await writeFile(join(dataDir, ADMIN_CREDENTIALS_FILE), JSON.stringify({ passwordHash: "x" }));
      await expect(loadOrCreateAdminCredentials(dataDir)).rejects.toThrow(/not a valid admin credentials file/);
    });
  });

  describe("with a password or hash given (ADMIN_ACCOUNT_PASSWORD, ADMIN_ACCOUNT_PASSWORD_HASH)", () => {
    it("keeps the given password's hash, never a generated one, so a later start without it accepts that password", async () => {
      const first = await loadOrCreateAdminCredentials(dataDir, { password: "given-password" });
      expect(first.source).toBe("env-password");
      expect(first.generatedPassword).toBeUndefined();
      const later = await loadOrCreateAdminCredentials(dataDir);
      expect(later.source).toBe("stored");
      expect(await checkAdminPassword("given-password", later.passwordHash)).toBe(true);
      expect(Buffer.from(later.signingKey).equals(Buffer.from(first.signingKey))).toBe(true);
    });

    it("hashes the same password to the same hash on every start (tokens stay valid), and a new one replaces it", async () => {
      const first = await loadOrCreateAdminCredentials(dataDir, { password: "given-password" });
      expect((await loadOrCreateAdminCredentials(dataDir, { password: "given-password" })).passwordHash).toBe(first.passwordHash);
      const changed = await loadOrCreateAdminCredentials(dataDir, { password: "another-password" });
      expect(changed.passwordHash).not.toBe(first.passwordHash);
      expect(await checkAdminPassword("another-password", (await loadOrCreateAdminCredentials(dataDir)).passwordHash)).toBe(true);
    });

    it("keeps a given hash as it is", async () => {
      const hash = (await loadOrCreateAdminCredentials(join(dataDir, "other"), { password: "hashed-elsewhere" })).passwordHash;
      const first = await loadOrCreateAdminCredentials(dataDir, { passwordHash: hash });
      expect(first.source).toBe("env-hash");
      expect((await loadOrCreateAdminCredentials(dataDir)).passwordHash).toBe(hash);
    });

    it("replaces a generated password's hash once a password is given", async () => {
      await loadOrCreateAdminCredentials(dataDir);
      await loadOrCreateAdminCredentials(dataDir, { password: "given-later" });
      expect(await checkAdminPassword("given-later", (await loadOrCreateAdminCredentials(dataDir)).passwordHash)).toBe(true);
    });
  });
});
