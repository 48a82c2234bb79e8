import type { Config } from "../../config/config.js";
import type { KubeCaches, KubeClient } from "../../kube/index.js";
import type { ResourceGroups } from "../../rbac/index.js";

/** What RbacService handlers need. */
export interface RbacDeps {
  readonly config: Pick<Config, "kargo">;
  readonly caches: KubeCaches;
  /** Writes, with the server's credentials: the authorization table and escalation check ran first. */
  readonly kube: KubeClient;
  /** Resource → API group through discovery, for group-less rules. */
  readonly resourceGroups: ResourceGroups;
  /**
   * Drops the authentication layer's cached acceptance of a token, so a deleted API token is
   * refused by this replica's very next call (src/auth cacheTokenReviews).
   */
  readonly forgetToken?: (token: string) => void;
}
