import type { UserInfo, ResourceAttributes, Decision } from "../rbac/types.js";
import type { EmbeddedLogger } from "../api/api-context.js";
import type { ObjectStore } from "../store/types.js";

/** What Kargo's admission code needs from the control plane: the store (read and write) and RBAC. */
export interface KargoAdmissionDeps {
  store: ObjectStore;
  /** The RBAC evaluator, for the `promote` check a Promotion create makes of its requester. */
  authorize(user: UserInfo, attributes: ResourceAttributes): Decision;
  logger: EmbeddedLogger;
  /** The Kargo namespace, home of the API server's ServiceAccount `kargo-api`; default "kargo". */
  kargoNamespace?: string;
  /** Clock, injectable for tests; default the system clock. */
  now?: () => Date;
  /** Clock of promotion-window checks; default `now`. Tests set it to move through windows. */
  promotionWindowClock?: () => Date;
}
