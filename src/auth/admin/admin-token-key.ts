import { createHmac } from "node:crypto";

/**
 * The key admin tokens are signed and verified with: HMAC-SHA256 of the admin password's bcrypt
 * hash under the configured (or stored) signing key. Binding tokens to the hash means changing the
 * admin password invalidates every admin token issued under the old one, at the next start, without
 * a revocation list; the same password and key give the same key on every start and replica (a
 * password given in clear is hashed with a key-derived salt, hashAdminPassword).
 */
export function adminTokenKey(signingKey: Uint8Array, passwordHash: string): Uint8Array {
  return new Uint8Array(createHmac("sha256", signingKey).update("kargo-api admin token\u0000").update(passwordHash).digest());
}
