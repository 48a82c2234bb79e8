import { create } from "@bufbuild/protobuf";
import type { HandlerContext } from "@connectrpc/connect";
import { DeleteResourceResponseSchema, type DeleteResourceRequest, type DeleteResourceResponse } from "../../../gen/kargo/api/v1/resource_service_pb.js";
import type { ResourceServiceDeps } from "./apply-call.js";
import { applyManifest } from "./apply-manifest.js";

/**
 * ResourceService.DeleteResource: deletes every object named by the manifest (apiVersion, kind, namespace, name); Projects (then Namespaces) go last. A missing object fails with `not_found`; the result carries the object as the manifest gave it.
 * One result per object, in processing order; see apply-manifest.ts.
 */
export function deleteResource(deps: ResourceServiceDeps) {
  return async function deleteResource(req: DeleteResourceRequest, context: HandlerContext): Promise<DeleteResourceResponse> {
    return create(DeleteResourceResponseSchema, { results: await applyManifest(deps, req.manifest, "delete", context) });
  };
}
