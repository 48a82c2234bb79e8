import { writeFileSync } from "node:fs";
import { stringify } from "yaml";

/** Where a server reaches a Kubernetes API, and as whom. */
export interface TokenKubeconfig {
  readonly server: string;
  readonly token: string;
  /** PEM of the API's CA; without it (a plain-HTTP loopback URL) TLS verification is off, as client-node requires for http. */
  readonly caCertificate?: string;
}

/** Writes a one-cluster, one-user kubeconfig (mode 0600) for a server started with KUBECONFIG=`path`. */
export function writeTokenKubeconfig(path: string, { server, token, caCertificate }: TokenKubeconfig): void {
  const trust =
    caCertificate !== undefined ? { "certificate-authority-data": Buffer.from(caCertificate).toString("base64") } : { "insecure-skip-tls-verify": true };
  writeFileSync(
    path,
    stringify({
      apiVersion: "v1",
      kind: "Config",
      clusters: [{ name: "cluster", cluster: { server, ...trust } }],
      users: [{ name: "kargo-api", user: { token } }],
      contexts: [{ name: "kargo-api", context: { cluster: "cluster", user: "kargo-api" } }],
      "current-context": "kargo-api",
    }),
    { mode: 0o600 },
  );
}
