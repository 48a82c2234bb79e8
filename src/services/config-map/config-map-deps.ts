import type { Config } from "../../config/config.js";
import type { KubeCaches, KubeClient } from "../../kube/index.js";

/**
 * What ConfigMapService handlers need. ConfigMaps are read uncached, when asked for: caching every
 * ConfigMap of a cluster in each API replica would hold much that no one asks for.
 */
export interface ConfigMapDeps {
  readonly config: Pick<Config, "kargo">;
  /** For the project existence check (namespaces cache). */
  readonly caches: KubeCaches;
  readonly kube: KubeClient;
}
