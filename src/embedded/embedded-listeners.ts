/**
 * The embedded control plane's listeners, as a ListenError (src/util/listen.ts) names them when
 * one cannot bind; start-up tells them apart by these values to name the setting that chose the port.
 */
export const EMBEDDED_LISTENERS = {
  api: "the embedded Kubernetes API",
  webhooks: "the webhook receivers",
} as const;
