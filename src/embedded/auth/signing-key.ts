import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { exportJWK, generateKeyPair, importJWK, type JWK } from "jose";

/** A WebCrypto key as jose returns it. */
type Key = Awaited<ReturnType<typeof generateKeyPair>>["privateKey"];

/** The ES256 key pair that signs ServiceAccount tokens, persisted so tokens survive restarts. */
export interface SigningKey {
  privateKey: Key;
  publicKey: Key;
  /** Key id placed in token headers, so a future key rotation can tell keys apart. */
  kid: string;
}

/** File name of the persisted key inside the data directory. */
export const SIGNING_KEY_FILE = "service-account-key.jwk.json";

/**
 * Loads the signing key from `<dataDir>/service-account-key.jwk.json`, creating it (mode 0600) on
 * first start. A new key would invalidate every token already handed out, hence the persistence.
 */
export async function loadOrCreateSigningKey(dataDir: string): Promise<SigningKey> {
  const path = join(dataDir, SIGNING_KEY_FILE);
  if (existsSync(path)) {
    const jwk = JSON.parse(readFileSync(path, "utf8")) as JWK & { kid: string };
    const privateKey = (await importJWK(jwk, "ES256")) as Key;
    const { d: _d, ...publicJwk } = jwk;
    const publicKey = (await importJWK(publicJwk, "ES256")) as Key;
    return { privateKey, publicKey, kid: jwk.kid };
  }
  const { privateKey, publicKey } = await generateKeyPair("ES256", { extractable: true });
  const jwk = await exportJWK(privateKey);
  const kid = `kargo-embedded-${Date.now().toString(36)}`;
  writeFileSync(path, JSON.stringify({ ...jwk, kid, alg: "ES256" }), { mode: 0o600, flag: "wx" });
  return { privateKey, publicKey, kid };
}
