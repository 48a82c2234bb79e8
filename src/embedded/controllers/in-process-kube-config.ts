import { KubeConfig } from "../../kube/client-node.js";

/**
 * A KubeConfig for clients in the control plane's own process: the embedded API's plain-HTTP
 * loopback twin (no TLS handshake per request) with the given bearer token.
 */
export function inProcessKubeConfig(httpUrl: string, token: string): KubeConfig {
  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromOptions({
    clusters: [{ name: "embedded", server: httpUrl, skipTLSVerify: true }],
    users: [{ name: "controllers", token }],
    contexts: [{ name: "embedded", cluster: "embedded", user: "controllers" }],
    currentContext: "embedded",
  });
  return kubeConfig;
}
