import { create } from "@bufbuild/protobuf";
import type { HandlerContext } from "@connectrpc/connect";
import {
  CreateOrUpdateResourceResponseSchema,
  type CreateOrUpdateResourceRequest,
  type CreateOrUpdateResourceResponse,
} from "../../../gen/kargo/api/v1/resource_service_pb.js";
import type { ResourceServiceDeps } from "./apply-call.js";
import { applyManifest } from "./apply-manifest.js";

/**
 * ResourceService.CreateOrUpdateResource: creates the objects that do not exist and replaces those that do (create, then replace on ALREADY_EXISTS).
 * One result per object, in processing order; see apply-manifest.ts.
 */
export function createOrUpdateResource(deps: ResourceServiceDeps) {
  return async function createOrUpdateResource(req: CreateOrUpdateResourceRequest, context: HandlerContext): Promise<CreateOrUpdateResourceResponse> {
    return create(CreateOrUpdateResourceResponseSchema, { results: await applyManifest(deps, req.manifest, "createOrUpdate", context) });
  };
}
