import { StageService } from "../../../gen/kargo/api/v1/stage_service_pb.js";
import { implement, type ServiceImplementation } from "../../server/service-implementation.js";
import type { ServiceDeps } from "../create-services.js";
import { abortVerification } from "./abort-verification.js";
import { createStage } from "./create-stage.js";
import { deleteStage } from "./delete-stage.js";
import { getStage } from "./get-stage.js";
import { listStages } from "./list-stages.js";
import { refreshStage } from "./refresh-stage.js";
import { reverify } from "./reverify.js";
import { updateStage } from "./update-stage.js";
import { watchStages } from "./watch-stages.js";

/**
 * StageService, every RPC: reads from the informer caches, writes as creates of built objects or
 * merge patches of owned fields and annotations. Where it differs from Kargo:
 * docs/api-behaviour.md "StageService".
 */
export function createStageService(deps: ServiceDeps): ServiceImplementation {
  return implement(StageService, {
    listStages: listStages(deps),
    getStage: getStage(deps),
    createStage: createStage(deps),
    updateStage: updateStage(deps),
    deleteStage: deleteStage(deps),
    refreshStage: refreshStage(deps),
    watchStages: watchStages(deps),
    reverify: reverify(deps),
    abortVerification: abortVerification(deps),
  });
}
