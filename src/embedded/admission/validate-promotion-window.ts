import {
  applicablePromotionWindows,
  CLUSTER_CONFIG_NAME,
  PROMOTION_WINDOW_CLOSED_REASON,
  promotionWindowClosedMessage,
  promotionWindowStatus,
  type Stage,
} from "../../domain/index.js";
import { ApiError } from "../api/api-error.js";
import { nameAndLabelsMatches } from "../../domain/selectors/index.js";
import type { ObjectStore } from "../store/types.js";
import { TYPES } from "./kargo-types.js";

/**
 * Refuses a Promotion create while the Stage's promotion windows (ProjectConfig and ClusterConfig
 * `promotionWindows`) close it — the one check every creation path of embedded mode passes
 * through (API, kubectl/manifests, auto-promotion). 403 like a webhook denial, with reason
 * PromotionWindowClosed, which the API server reports as FAILED_PRECONDITION; the message names
 * the window and when promotions resume. Running Promotions are never looked at again.
 */
export function validatePromotionWindow(store: ObjectStore, stage: Stage, now: Date): void {
  const project = stage.metadata.namespace ?? "";
  const status = promotionWindowStatus(
    applicablePromotionWindows(
      {
        projectConfig: store.get(TYPES.projectConfigs, project, project),
        clusterConfig: store.get(TYPES.clusterConfigs, undefined, CLUSTER_CONFIG_NAME),
        project: store.get(TYPES.projects, undefined, project),
      },
      stage,
      nameAndLabelsMatches,
    ),
    now,
  );
  if (status.state === "Open") return;
  throw new ApiError(403, PROMOTION_WINDOW_CLOSED_REASON, promotionWindowClosedMessage(project, stage.metadata.name ?? "", status), {
    name: stage.metadata.name ?? "",
    group: TYPES.stages.group,
    kind: "stages",
  });
}
