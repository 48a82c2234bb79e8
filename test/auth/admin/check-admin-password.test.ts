import bcrypt from "bcryptjs";
import { checkAdminPassword } from "../../../src/auth/admin/check-admin-password.js";

describe("checkAdminPassword", () => {
  let hash: string;
  beforeAll(async () => {
    hash = await bcrypt.hash("correct horse", 4);
  });

  it("accepts the password the hash was made from", async () => {
    expect(await checkAdminPassword("correct horse", hash)).toBe(true);
  });

  it("refuses any other password", async () => {
    expect(await checkAdminPassword("correct horsf", hash)).toBe(false);
    expect(await checkAdminPassword("", hash)).toBe(false);
  });

  it("refuses everything when no hash is configured, after a real bcrypt compare", async () => {
    const started = performance.now();
    expect(await checkAdminPassword("anything", undefined)).toBe(false);
    // The dummy hash has cost 10: a compare takes milliseconds, not microseconds.
    expect(performance.now() - started).toBeGreaterThan(5);
  });

  it("refuses everything when the configured hash is malformed", async () => {
    expect(await checkAdminPassword("x", "not-a-bcrypt-hash")).toBe(false);
  });
});
