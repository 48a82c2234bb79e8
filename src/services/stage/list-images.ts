import { create } from "@bufbuild/protobuf";
import type { ListImagesRequest, ListImagesResponse, TagMap } from "../../../gen/kargo/api/v1/stage_service_pb.js";
import { ImageStageMapSchema, ListImagesResponseSchema, TagMapSchema } from "../../../gen/kargo/api/v1/stage_service_pb.js";
import { imagesUsedByStages } from "../../domain/images-used-by-stages.js";
import type { Stage } from "../../domain/types.js";
import { RESOURCES } from "../../kube/index.js";
import { listCached, pageOf, requireProject } from "../common/index.js";
import type { ServiceDeps } from "../create-services.js";

/**
 * StageService.ListImages: image repository → tag → Stages that used it with the index in their
 * Freight history (imagesUsedByStages), from the Stage cache — no Kubernetes request per call
 * (Kargo LISTed Stages each time). Kargo's response shape (images → TagMap → ImageStageMap), one
 * page of repositories ordered by URL (Kargo returned all at once).
 */
export function listImages(deps: Pick<ServiceDeps, "caches" | "kube">) {
  return async function listImages(req: ListImagesRequest): Promise<ListImagesResponse> {
    const project = await requireProject(deps, req.project);
    const stages = (await listCached(deps.caches.cache(RESOURCES.stages), project)) as readonly Stage[];
    const repositories = [...imagesUsedByStages(stages)].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    const { items, nextPageToken, totalSize } = pageOf(repositories, req, { project });
    const images: Record<string, TagMap> = {};
    for (const [repoURL, tags] of items) {
      const byTag: TagMap["tags"] = {};
      for (const [tag, users] of tags) byTag[tag] = create(ImageStageMapSchema, { stages: Object.fromEntries(users) });
      images[repoURL] = create(TagMapSchema, { tags: byTag });
    }
    return create(ListImagesResponseSchema, { images, nextPageToken, totalSize });
  };
}
