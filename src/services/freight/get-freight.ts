import { create } from "@bufbuild/protobuf";
import type { ServiceImpl } from "@connectrpc/connect";
import { FreightSchema } from "../../../gen/kargo/api/v1/freight_pb.js";
import { GetFreightResponseSchema, type FreightService } from "../../../gen/kargo/api/v1/freight_service_pb.js";
import { RESOURCES } from "../../kube/index.js";
import { requireProject, typedOrRaw, type RequireProjectDeps } from "../common/index.js";
import { findFreight, requireOneOf } from "./find-freight.js";

/**
 * FreightService.GetFreight: one Freight by name or alias, typed or raw
 * (docs/api-behaviour.md, FreightService), from the cache.
 */
export function getFreight(deps: RequireProjectDeps): ServiceImpl<typeof FreightService>["getFreight"] {
  return async (req) => {
    const selector = requireOneOf(req.name, req.alias, ["name", "alias"]);
    const project = await requireProject(deps, req.project);
    const freight = await findFreight(deps.caches, project, selector);
    return create(GetFreightResponseSchema, { result: typedOrRaw(RESOURCES.freights, freight, req.format, FreightSchema, "freight") });
  };
}
