import { create } from "@bufbuild/protobuf";
import type { ServiceImpl } from "@connectrpc/connect";
import { GetFreightLinksResponseSchema, type FreightService } from "../../../gen/kargo/api/v1/freight_service_pb.js";
import { evaluateDeepLinks, requireProject, type RequireProjectDeps } from "../common/index.js";
import { findFreight, requireOneOf } from "./find-freight.js";

/**
 * FreightService.GetFreightLinks: the ClusterConfig's and ProjectConfig's `freightLinks` evaluated
 * for one Freight (by name or alias), from the caches (evaluateDeepLinks; per-link errors).
 */
export function getFreightLinks(deps: RequireProjectDeps): ServiceImpl<typeof FreightService>["getFreightLinks"] {
  return async (req) => {
    const selector = requireOneOf(req.name, req.alias, ["name", "alias"]);
    const project = await requireProject(deps, req.project);
    const freight = await findFreight(deps.caches, project, selector);
    return create(GetFreightLinksResponseSchema, { links: await evaluateDeepLinks(deps.caches, project, "freight", freight) });
  };
}
