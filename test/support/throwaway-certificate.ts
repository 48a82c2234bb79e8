import { execFileSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** A certificate and key written by {@link writeThrowawayCertificate}. */
export interface ThrowawayCertificate {
  /** The directory holding both files; the caller removes it. */
  readonly dir: string;
  readonly certPath: string;
  readonly keyPath: string;
}

/**
 * A self-signed EC certificate for 127.0.0.1, valid one day, made by openssl as an operator would
 * make one (TLS_CERT_PATH / TLS_KEY_PATH), in a new temporary directory named after `prefix`.
 */
export function writeThrowawayCertificate(prefix: string): ThrowawayCertificate {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const certPath = join(dir, "tls.crt");
  const keyPath = join(dir, "tls.key");
  execFileSync(
    "openssl",
    [
      ...["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"],
      ...["-keyout", keyPath, "-out", certPath, "-days", "1"],
      ...["-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"],
    ],
    { stdio: "ignore" },
  );
  return { dir, certPath, keyPath };
}
