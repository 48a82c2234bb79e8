import { StageService } from "../../../gen/kargo/api/v1/stage_service_pb.js";
import { implement, type ServiceImplementation } from "../../server/service-implementation.js";
import type { ServiceDeps } from "../create-services.js";
import { abortVerification } from "./abort-verification.js";
import { deleteAnalysisTemplate } from "./delete-analysis-template.js";
import { deleteClusterAnalysisTemplate } from "./delete-cluster-analysis-template.js";
import { getAnalysisRun } from "./get-analysis-run.js";
import { getAnalysisRunLogs } from "./get-analysis-run-logs.js";
import { getAnalysisTemplate } from "./get-analysis-template.js";
import { getClusterAnalysisTemplate } from "./get-cluster-analysis-template.js";
import { listAnalysisTemplates } from "./list-analysis-templates.js";
import { listClusterAnalysisTemplates } from "./list-cluster-analysis-templates.js";
import { createStage } from "./create-stage.js";
import { deleteStage } from "./delete-stage.js";
import { getStage } from "./get-stage.js";
import { getStageLinks } from "./get-stage-links.js";
import { listImages } from "./list-images.js";
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
    listAnalysisTemplates: listAnalysisTemplates(deps),
    getAnalysisTemplate: getAnalysisTemplate(deps),
    deleteAnalysisTemplate: deleteAnalysisTemplate(deps),
    listClusterAnalysisTemplates: listClusterAnalysisTemplates(deps),
    getClusterAnalysisTemplate: getClusterAnalysisTemplate(deps),
    deleteClusterAnalysisTemplate: deleteClusterAnalysisTemplate(deps),
    getAnalysisRun: getAnalysisRun(deps),
    getAnalysisRunLogs: getAnalysisRunLogs(deps),
    listImages: listImages(deps),
    getStageLinks: getStageLinks(deps),
  });
}
