import { create } from "@bufbuild/protobuf";
import type { HandlerContext } from "@connectrpc/connect";
import { AnalysisTemplateSchema } from "../../../gen/kargo/api/v1/analysis_pb.js";
import type { ListClusterAnalysisTemplatesRequest, ListClusterAnalysisTemplatesResponse } from "../../../gen/kargo/api/v1/stage_service_pb.js";
import { ListClusterAnalysisTemplatesResponseSchema } from "../../../gen/kargo/api/v1/stage_service_pb.js";
import { RESOURCES, toMessage } from "../../kube/index.js";
import { pageOf } from "../common/index.js";
import type { ServiceDeps } from "../create-services.js";
import { requireRollouts } from "./require-rollouts.js";

/** StageService.ListClusterAnalysisTemplates: every ClusterAnalysisTemplate, by name, one page. */
export function listClusterAnalysisTemplates(deps: Pick<ServiceDeps, "kube" | "discovery">) {
  return async function listClusterAnalysisTemplates(
    req: ListClusterAnalysisTemplatesRequest,
    context: HandlerContext,
  ): Promise<ListClusterAnalysisTemplatesResponse> {
    await requireRollouts(deps);
    const list = await deps.kube.list(RESOURCES.clusteranalysistemplates, { signal: context.signal });
    const { items, nextPageToken, totalSize } = pageOf(list.items, req, {});
    return create(ListClusterAnalysisTemplatesResponseSchema, {
      clusterAnalysisTemplates: items.map((t) => toMessage(AnalysisTemplateSchema, t)),
      nextPageToken,
      totalSize,
    });
  };
}
