import type { Config } from "../../config/config.js";
import type { KubeCaches, KubeClient } from "../../kube/index.js";

/** What CredentialsService handlers need. Secrets are read uncached (only when asked for), as Kargo does. */
export interface CredentialsDeps {
  readonly config: Pick<Config, "kargo">;
  /** For the project existence check (namespaces cache). */
  readonly caches: KubeCaches;
  readonly kube: KubeClient;
}
