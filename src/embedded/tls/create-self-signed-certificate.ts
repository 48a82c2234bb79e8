import { generateKeyPairSync, randomBytes, sign } from "node:crypto";
import { isIP } from "node:net";
import { bitString, boolean, explicit, implicit, objectIdentifier, octetString, sequence, set, time, unsignedInteger, utf8String } from "./der.js";

/** A PEM certificate and its PEM (PKCS#8) private key. */
export interface TlsCredentials {
  cert: string;
  key: string;
}

const ECDSA_WITH_SHA256 = "1.2.840.10045.4.3.2";
const COMMON_NAME = "2.5.4.3";
const SUBJECT_ALT_NAME = "2.5.29.17";
const BASIC_CONSTRAINTS = "2.5.29.19";

function pem(label: string, der: Buffer): string {
  const lines = der
    .toString("base64")
    .match(/.{1,64}/g)!
    .join("\n");
  return `-----BEGIN ${label}-----\n${lines}\n-----END ${label}-----\n`;
}

function ipBytes(address: string): Buffer {
  if (isIP(address) === 4) return Buffer.from(address.split(".").map(Number));
  // IPv6: expand "::" and write the eight 16-bit groups.
  const [head, tail] = address.includes("::") ? (address.split("::") as [string, string]) : [address, undefined];
  const headGroups = head ? head.split(":") : [];
  const tailGroups = tail ? tail.split(":") : [];
  const groups = tail === undefined ? headGroups : [...headGroups, ...Array(8 - headGroups.length - tailGroups.length).fill("0"), ...tailGroups];
  const bytes = Buffer.alloc(16);
  groups.forEach((group, i) => bytes.writeUInt16BE(parseInt(group, 16), i * 2));
  return bytes;
}

/**
 * Creates a self-signed ECDSA P-256 certificate for the given host names and IP addresses, valid
 * for `days` days. It is its own CA (basicConstraints CA:TRUE), so a kubeconfig can trust it as
 * `certificate-authority-data`: kubectl (Go) and client-node (OpenSSL) both accept a self-signed
 * root presented as the server certificate, and both match the host against subjectAltName only.
 */
export function createSelfSignedCertificate(commonName: string, names: readonly string[], days: number): TlsCredentials {
  const { privateKey, publicKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
  const algorithm = sequence(objectIdentifier(ECDSA_WITH_SHA256));
  const name = sequence(set(sequence(objectIdentifier(COMMON_NAME), utf8String(commonName))));
  const notBefore = new Date(Date.now() - 60 * 60 * 1000);
  const notAfter = new Date(Date.now() + days * 24 * 60 * 60 * 1000);
  const altNames = names.map((n) => (isIP(n) ? implicit(7, ipBytes(n)) : implicit(2, Buffer.from(n, "ascii"))));
  const extensions = explicit(
    3,
    sequence(
      sequence(objectIdentifier(BASIC_CONSTRAINTS), boolean(true), octetString(sequence(boolean(true)))),
      sequence(objectIdentifier(SUBJECT_ALT_NAME), octetString(sequence(...altNames))),
    ),
  );
  const tbs = sequence(
    explicit(0, unsignedInteger(Buffer.from([2]))),
    unsignedInteger(randomBytes(16)),
    algorithm,
    name,
    sequence(time(notBefore), time(notAfter)),
    name,
    publicKey.export({ type: "spki", format: "der" }),
    extensions,
  );
  const signature = sign("sha256", tbs, { key: privateKey, dsaEncoding: "der" });
  return {
    cert: pem("CERTIFICATE", sequence(tbs, algorithm, bitString(signature))),
    key: privateKey.export({ type: "pkcs8", format: "pem" }) as string,
  };
}
