/**
 * The embedded control plane: a Kubernetes-compatible resource API over SQLite, served on
 * loopback, with ServiceAccount tokens and RBAC. `main` starts it in embedded mode and hands the
 * kubeconfig it writes to the API server, which then talks to it exactly as to a real cluster.
 */
export { startEmbeddedControlPlane, type EmbeddedControlPlane, type EmbeddedControlPlaneOptions } from "./start-embedded-control-plane.js";
export { inProcessKubeConfig } from "./controllers/start-embedded-controllers.js";
export { EMBEDDED_LISTENERS } from "./embedded-listeners.js";
