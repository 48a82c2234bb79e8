import { X509Certificate } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { createSelfSignedCertificate, type TlsCredentials } from "./create-self-signed-certificate.js";

/** Files of the serving certificate and key inside the data directory. */
export const TLS_CERT_FILE = "tls.crt";
export const TLS_KEY_FILE = "tls.key";

const VALID_DAYS = 3650;
// Renew a little before expiry so a long-running process does not cross it.
const RENEW_BEFORE_MS = 30 * 24 * 60 * 60 * 1000;

/**
 * The serving certificate for the embedded API: reused from the data directory while it is valid
 * and covers `names`, otherwise created anew (key mode 0600). Persisting it keeps kubeconfigs that
 * trust it working across restarts.
 */
export function loadOrCreateTlsCredentials(dataDir: string, names: readonly string[]): TlsCredentials {
  const certPath = join(dataDir, TLS_CERT_FILE);
  const keyPath = join(dataDir, TLS_KEY_FILE);
  if (existsSync(certPath) && existsSync(keyPath)) {
    const cert = readFileSync(certPath, "utf8");
    const x509 = new X509Certificate(cert);
    const fresh = new Date(x509.validTo).getTime() - RENEW_BEFORE_MS > Date.now();
    const covers = names.every((n) => x509.checkHost(n) !== undefined || x509.checkIP(n) !== undefined);
    if (fresh && covers) return { cert, key: readFileSync(keyPath, "utf8") };
  }
  const credentials = createSelfSignedCertificate("kargo-embedded-control-plane", names, VALID_DAYS);
  writeFileSync(keyPath, credentials.key, { mode: 0o600 });
  writeFileSync(certPath, credentials.cert, { mode: 0o644 });
  return credentials;
}
