import { create } from "@bufbuild/protobuf";
import { Code, ConnectError, type ServiceImpl } from "@connectrpc/connect";
import { FreightListSchema, FreightSchema, type FreightList } from "../../../gen/kargo/api/v1/freight_pb.js";
import { QueryFreightResponseSchema, type FreightService } from "../../../gen/kargo/api/v1/freight_service_pb.js";
import { groupFreight, type FreightGroupBy, type FreightOrderBy } from "../../domain/group-freight.js";
import type { Freight } from "../../domain/types.js";
import { RESOURCES, toMessage, type KubeObject } from "../../kube/index.js";
import { getCachedOrNotFound, listCached, requireProject, type RequireProjectDeps } from "../common/index.js";
import { freightCache } from "./find-freight.js";
import { freightFilter } from "./freight-filter.js";

const GROUP_BY: readonly string[] = ["", "image_repo", "git_repo", "chart_repo"];
const ORDER_BY: readonly string[] = ["", "first_seen", "tag"];

/**
 * FreightService.QueryFreight (kargo-behaviour.md §3.7), from the caches: the project's Freight,
 * that of some origins, or that available to a Stage (exactly the rule PromoteToStage applies),
 * grouped by artifact repository and ordered by first-seen time or tag.
 */
export function queryFreight(deps: RequireProjectDeps): ServiceImpl<typeof FreightService>["queryFreight"] {
  return async (req) => {
    if (!GROUP_BY.includes(req.groupBy)) {
      throw new ConnectError(`group_by "${req.groupBy}" is not one of image_repo, git_repo, chart_repo`, Code.InvalidArgument);
    }
    if (!ORDER_BY.includes(req.orderBy)) {
      throw new ConnectError(`order_by "${req.orderBy}" is not one of first_seen, tag`, Code.InvalidArgument);
    }
    if (req.group !== "" && req.groupBy === "") {
      throw new ConnectError(`group "${req.group}" needs group_by`, Code.InvalidArgument);
    }
    if (req.orderBy === "tag" && req.groupBy !== "image_repo" && req.groupBy !== "chart_repo") {
      throw new ConnectError(`order_by "tag" needs group_by image_repo or chart_repo`, Code.InvalidArgument);
    }
    const project = await requireProject(deps, req.project);
    const stage = req.stage !== "" ? await getCachedOrNotFound(deps.caches.cache(RESOURCES.stages), project, req.stage) : undefined;

    const cache = freightCache(deps.caches);
    const freight = await listCached(cache, project, freightFilter({ stage, origins: req.origins, now: new Date() }));
    const groups = groupFreight(freight as readonly Freight[], {
      groupBy: req.groupBy as FreightGroupBy,
      group: req.group,
      orderBy: req.orderBy as FreightOrderBy,
      reverse: req.reverse,
    });
    const response: Record<string, FreightList> = {};
    for (const [key, members] of groups) {
      response[key] = create(FreightListSchema, { freight: members.map((f) => toMessage(FreightSchema, f as KubeObject)) });
    }
    return create(QueryFreightResponseSchema, { groups: response, resourceVersion: cache.resourceVersion });
  };
}
