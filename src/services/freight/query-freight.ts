import { create } from "@bufbuild/protobuf";
import { Code, ConnectError, type ServiceImpl } from "@connectrpc/connect";
import { FreightListSchema, FreightSchema, type FreightList } from "../../../gen/kargo/api/v1/freight_pb.js";
import { FreightGroupsSchema, QueryFreightResponseSchema, type FreightGroups, type FreightService } from "../../../gen/kargo/api/v1/freight_service_pb.js";
import { groupFreight, type FreightGroupBy, type FreightOrderBy } from "../../domain/group-freight.js";
import type { Freight } from "../../domain/types.js";
import { RESOURCES, toMessage, type KubeObject } from "../../kube/index.js";
import { getCachedOrNotFound, listCached, requireField, requireProject, type RequireProjectDeps } from "../common/index.js";
import { freightCache } from "./find-freight.js";
import { freightFilter } from "./freight-filter.js";

const GROUP_BY: readonly string[] = ["", "image_repo", "git_repo", "chart_repo"];
const ORDER_BY: readonly string[] = ["", "first_seen", "tag"];
/** Stages one multi-stage query may name: each costs a pass over the project's Freight. */
const MAX_STAGES = 100;

/**
 * FreightService.QueryFreight (docs/api-behaviour.md, FreightService), from the caches: the project's Freight,
 * that of some origins, or that available to a Stage (exactly the rule PromoteToStage applies),
 * grouped by artifact repository and ordered by first-seen time or tag. With `stages`, the
 * Freight available to each of several Stages in one call (akuity/kargo#1210), per Stage.
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
    const stageNames = [...new Set(req.stages.map((name) => name.trim()))];
    if (stageNames.length > 0 && req.stage !== "") {
      throw new ConnectError("stage and stages cannot both be set", Code.InvalidArgument);
    }
    if (stageNames.length > MAX_STAGES) {
      throw new ConnectError(`stages names ${stageNames.length} Stages; at most ${MAX_STAGES} per call`, Code.InvalidArgument);
    }
    stageNames.forEach((name, index) => requireField(name, `stages[${index}]`));
    const project = await requireProject(deps, req.project);
    const stageCache = deps.caches.cache(RESOURCES.stages);
    const stage = req.stage !== "" ? await getCachedOrNotFound(stageCache, project, req.stage) : undefined;
    const stages = await Promise.all(stageNames.map((name) => getCachedOrNotFound(stageCache, project, name)));

    const cache = freightCache(deps.caches);
    const now = new Date();
    const grouped = (freight: readonly KubeObject[]): Record<string, FreightList> => {
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
      return response;
    };
    if (stages.length > 0) {
      // One read of the project's Freight, then each Stage's selection: the very filter of a
      // single-stage query (PromoteToStage's availability rule), at one instant for all Stages.
      const freight = await listCached(cache, project);
      const perStage: Record<string, FreightGroups> = {};
      for (const each of stages) {
        const available = freightFilter({ stage: each, now })!;
        perStage[each.metadata.name ?? ""] = create(FreightGroupsSchema, { groups: grouped(freight.filter(available)) });
      }
      return create(QueryFreightResponseSchema, { stages: perStage, resourceVersion: cache.resourceVersion });
    }
    const freight = await listCached(cache, project, freightFilter({ stage, origins: req.origins, now }));
    return create(QueryFreightResponseSchema, { groups: grouped(freight), resourceVersion: cache.resourceVersion });
  };
}
