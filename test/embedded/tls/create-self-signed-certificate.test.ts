import { X509Certificate, createPrivateKey, createPublicKey } from "node:crypto";
import { createSelfSignedCertificate } from "../../../src/embedded/tls/create-self-signed-certificate.js";

describe("createSelfSignedCertificate", () => {
  const credentials = createSelfSignedCertificate("kargo-test", ["127.0.0.1", "::1", "localhost"], 30);
  const certificate = new X509Certificate(credentials.cert);

  it("is a CA certificate signed by its own key", () => {
    expect(certificate.ca).toBe(true);
    expect(certificate.subject).toBe("CN=kargo-test");
    expect(certificate.issuer).toBe("CN=kargo-test");
    expect(certificate.verify(certificate.publicKey)).toBe(true);
    expect(certificate.checkPrivateKey(createPrivateKey(credentials.key))).toBe(true);
    expect(createPublicKey(credentials.key).export({ format: "jwk" })).toEqual(certificate.publicKey.export({ format: "jwk" }));
  });

  it("covers the given IP addresses and host names, and nothing else", () => {
    expect(certificate.checkIP("127.0.0.1")).toBe("127.0.0.1");
    expect(certificate.checkIP("::1")).toBeDefined();
    expect(certificate.checkHost("localhost")).toBe("localhost");
    expect(certificate.checkHost("example.com")).toBeUndefined();
    expect(certificate.checkIP("10.0.0.1")).toBeUndefined();
  });

  it("is valid from now for the given number of days", () => {
    const now = Date.now();
    expect(new Date(certificate.validFrom).getTime()).toBeLessThanOrEqual(now);
    const days = (new Date(certificate.validTo).getTime() - now) / 86_400_000;
    expect(days).toBeGreaterThan(29.9);
    expect(days).toBeLessThan(30.1);
  });
});
