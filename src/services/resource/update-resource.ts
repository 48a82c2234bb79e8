import { create } from "@bufbuild/protobuf";
import type { HandlerContext } from "@connectrpc/connect";
import { UpdateResourceResponseSchema, type UpdateResourceRequest, type UpdateResourceResponse } from "../../../gen/kargo/api/v1/resource_service_pb.js";
import type { ResourceServiceDeps } from "./apply-call.js";
import { applyManifest } from "./apply-manifest.js";

/**
 * ResourceService.UpdateResource: replaces every object (PUT, `kubectl replace` semantics); one that does not exist fails with `not_found`.
 * One result per object, in processing order; see apply-manifest.ts.
 */
export function updateResource(deps: ResourceServiceDeps) {
  return async function updateResource(req: UpdateResourceRequest, context: HandlerContext): Promise<UpdateResourceResponse> {
    return create(UpdateResourceResponseSchema, { results: await applyManifest(deps, req.manifest, "update", context) });
  };
}
