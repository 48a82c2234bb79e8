import { create } from "@bufbuild/protobuf";
import type { HandlerContext } from "@connectrpc/connect";
import { AnalysisTemplateSchema } from "../../../gen/kargo/api/v1/analysis_pb.js";
import type { ListAnalysisTemplatesRequest, ListAnalysisTemplatesResponse } from "../../../gen/kargo/api/v1/stage_service_pb.js";
import { ListAnalysisTemplatesResponseSchema } from "../../../gen/kargo/api/v1/stage_service_pb.js";
import { RESOURCES, toMessage } from "../../kube/index.js";
import { pageOf, requireProject } from "../common/index.js";
import type { ServiceDeps } from "../create-services.js";
import { requireRollouts } from "./require-rollouts.js";

/** StageService.ListAnalysisTemplates: the project's AnalysisTemplates, read from the API (not cached; Kubernetes lists them by name), one page. */
export function listAnalysisTemplates(deps: Pick<ServiceDeps, "caches" | "kube" | "discovery">) {
  return async function listAnalysisTemplates(req: ListAnalysisTemplatesRequest, context: HandlerContext): Promise<ListAnalysisTemplatesResponse> {
    const project = await requireProject(deps, req.project);
    await requireRollouts(deps);
    const list = await deps.kube.list(RESOURCES.analysistemplates, { namespace: project, signal: context.signal });
    const { items, nextPageToken, totalSize } = pageOf(list.items, req, { project });
    return create(ListAnalysisTemplatesResponseSchema, { analysisTemplates: items.map((t) => toMessage(AnalysisTemplateSchema, t)), nextPageToken, totalSize });
  };
}
