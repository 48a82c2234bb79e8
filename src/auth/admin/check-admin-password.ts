import bcrypt from "bcryptjs";

// A bcrypt hash of a random, discarded string at bcrypt's default cost. Comparing against it when
// no admin account is configured makes a login attempt take as long as a real one, so response
// times do not reveal whether the admin account exists.
const DUMMY_HASH = "$2b$10$2hSxoerLu7K0o3YBgT/CP.O3vefFA4TfvLZYZj7RKRJF7aTIcaQty";

/**
 * Checks a password against the admin account's bcrypt hash. bcrypt's compare does the work
 * (its cost dominates and the final comparison does not stop at the first differing byte).
 * With no hash configured it still runs a compare against a dummy hash, then answers false.
 */
export async function checkAdminPassword(password: string, passwordHash: string | undefined): Promise<boolean> {
  if (passwordHash === undefined || passwordHash === "") {
    await bcrypt.compare(password, DUMMY_HASH);
    return false;
  }
  try {
    return await bcrypt.compare(password, passwordHash);
  } catch {
    // A malformed hash must not let anyone in, nor crash the login handler.
    return false;
  }
}
