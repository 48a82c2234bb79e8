import { chmodSync, renameSync, writeFileSync } from "node:fs";
import { stringify } from "yaml";

/** Names used inside the kubeconfig (cluster, user and context entries). */
export const KUBECONFIG_CONTEXT = "kargo-embedded";

/**
 * Writes a kubeconfig for the embedded API at `path` (mode 0600, replaced atomically so a reader
 * never sees half a file): one cluster at `server` trusting `caCertificate` (PEM), one user with
 * the bearer `token`, one current context. kubectl and @kubernetes/client-node load it as they would a cluster's.
 */
export function writeKubeconfig(path: string, server: string, caCertificate: string, token: string, user = "kargo-api"): void {
  const config = {
    apiVersion: "v1",
    kind: "Config",
    clusters: [{ name: KUBECONFIG_CONTEXT, cluster: { server, "certificate-authority-data": Buffer.from(caCertificate).toString("base64") } }],
    users: [{ name: user, user: { token } }],
    contexts: [{ name: KUBECONFIG_CONTEXT, context: { cluster: KUBECONFIG_CONTEXT, user, namespace: "default" } }],
    "current-context": KUBECONFIG_CONTEXT,
    preferences: {},
  };
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, stringify(config), { mode: 0o600 });
  chmodSync(temporary, 0o600);
  renameSync(temporary, path);
}
