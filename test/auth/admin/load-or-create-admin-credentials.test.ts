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
});
