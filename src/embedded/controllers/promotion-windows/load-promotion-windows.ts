import {
  applicablePromotionWindows,
  CLUSTER_CONFIG_NAME,
  promotionWindowStatus,
  type KubeObject,
  type PromotionWindowStatus,
  type Stage,
} from "../../../domain/index.js";
import { nameAndLabelsMatches } from "../../../domain/selectors/index.js";
import type { KargoClient } from "../../../kube/object-clients.js";

/** A Stage's promotion-window state at an instant. */
export type StageWindowStatus = (stage: Stage, now: Date) => PromotionWindowStatus;

/**
 * Reads every ProjectConfig, the ClusterConfig and the Projects once (a reconcile pass) and
 * returns the evaluator of a Stage's promotion windows over them — the same evaluation the
 * admission check makes (validate-promotion-window.ts), from the controllers' view of the API.
 */
export async function loadPromotionWindows(client: KargoClient): Promise<StageWindowStatus> {
  const [configs, clusterConfigs, projects] = await Promise.all([
    client.list<KubeObject>("projectconfigs"),
    client.list<KubeObject>("clusterconfigs"),
    client.list<KubeObject>("projects"),
  ]);
  const clusterConfig = clusterConfigs.find((c) => c.metadata.name === CLUSTER_CONFIG_NAME);
  return (stage, now) => {
    const project = stage.metadata.namespace ?? "";
    return promotionWindowStatus(
      applicablePromotionWindows(
        {
          projectConfig: configs.find((c) => c.metadata.namespace === project && c.metadata.name === project),
          clusterConfig,
          project: projects.find((p) => p.metadata.name === project),
        },
        stage,
        nameAndLabelsMatches,
      ),
      now,
    );
  };
}
