import { create } from "@bufbuild/protobuf";
import { Code, ConnectError, type ServiceImpl } from "@connectrpc/connect";
import { DeleteFreightResponseSchema, type FreightService } from "../../../gen/kargo/api/v1/freight_service_pb.js";
import { freightInUseBy } from "../../domain/freight-in-use-by.js";
import type { Freight, Stage } from "../../domain/types.js";
import { RESOURCES } from "../../kube/index.js";
import { listCached, requireProject, type RequireProjectDeps } from "../common/index.js";
import { findFreight, requireOneOf } from "./find-freight.js";

/**
 * FreightService.DeleteFreight (docs/api-behaviour.md, FreightService). Freight a Stage currently uses is
 * refused here with FAILED_PRECONDITION naming the Stages (Kargo left it to its webhook, whose
 * 403 reached clients as PERMISSION_DENIED, as if the caller lacked a permission).
 */
export function deleteFreight(deps: RequireProjectDeps): ServiceImpl<typeof FreightService>["deleteFreight"] {
  return async (req, ctx) => {
    const selector = requireOneOf(req.name, req.alias, ["name", "alias"]);
    const project = await requireProject(deps, req.project);
    const freight = (await findFreight(deps.caches, project, selector)) as Freight;
    const name = freight.metadata.name ?? "";

    const stages = (await listCached(deps.caches.cache(RESOURCES.stages), project)) as readonly Stage[];
    const users = freightInUseBy(freight, stages);
    if (users.length > 0) {
      const list = users.map((stage) => `"${stage}"`).join(", ");
      throw new ConnectError(`freight "${name}" in project "${project}" is in use by stage${users.length > 1 ? "s" : ""} ${list}`, Code.FailedPrecondition);
    }

    await deps.kube.delete(RESOURCES.freights, { namespace: project, name }, { signal: ctx.signal });
    return create(DeleteFreightResponseSchema, {});
  };
}
