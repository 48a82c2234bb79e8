import { create } from "@bufbuild/protobuf";
import type { HandlerContext } from "@connectrpc/connect";
import { CreateResourceResponseSchema, type CreateResourceRequest, type CreateResourceResponse } from "../../../gen/kargo/api/v1/resource_service_pb.js";
import type { ResourceServiceDeps } from "./apply-call.js";
import { applyManifest } from "./apply-manifest.js";

/**
 * ResourceService.CreateResource: creates every object; one that exists fails with `already_exists`. Projects (and Namespaces) go first; objects inside a Project created by the same manifest wait (bounded) for its namespace and for the creator's new rights.
 * One result per object, in processing order; see apply-manifest.ts.
 */
export function createResource(deps: ResourceServiceDeps) {
  return async function createResource(req: CreateResourceRequest, context: HandlerContext): Promise<CreateResourceResponse> {
    return create(CreateResourceResponseSchema, { results: await applyManifest(deps, req.manifest, "create", context) });
  };
}
