import { create } from "@bufbuild/protobuf";
import { Code, ConnectError, type ServiceImpl } from "@connectrpc/connect";
import { FreightSchema } from "../../../gen/kargo/api/v1/freight_pb.js";
import { UpdateFreightAliasResponseSchema, type FreightService } from "../../../gen/kargo/api/v1/freight_service_pb.js";
import { freightAliasProblem } from "../../domain/freight-alias-problem.js";
import type { Freight } from "../../domain/types.js";
import { ALIAS_LABEL } from "../../domain/well-known-keys.js";
import { RESOURCES, toMessage } from "../../kube/index.js";
import { requireField, requireProject, type RequireProjectDeps } from "../common/index.js";
import { findFreight, freightCache, freightWithAlias, requireOneOf } from "./find-freight.js";

/**
 * FreightService.UpdateFreightAlias (docs/api-behaviour.md, FreightService): one merge patch sets the `alias`
 * field and the `kargo.akuity.io/alias` label together, after checking no other Freight of the
 * project has the new alias (ALREADY_EXISTS). The check reads the cache, so two concurrent
 * renames can race; the patch carries the resourceVersion read, and admission's uniqueness check
 * is the backstop. Setting the alias the Freight already has is a no-op success.
 */
export function updateFreightAlias(deps: RequireProjectDeps): ServiceImpl<typeof FreightService>["updateFreightAlias"] {
  return async (req, ctx) => {
    const selector = requireOneOf(req.name, req.oldAlias, ["name", "old_alias"]);
    const newAlias = requireField(req.newAlias, "new_alias");
    const problem = freightAliasProblem(newAlias);
    if (problem !== undefined) throw new ConnectError(`new_alias: ${problem}`, Code.InvalidArgument);
    const project = await requireProject(deps, req.project);
    const freight = (await findFreight(deps.caches, project, selector)) as Freight;
    const name = freight.metadata.name ?? "";

    const holder = freightWithAlias(freightCache(deps.caches), project, newAlias).find((other) => other.metadata.name !== name);
    if (holder !== undefined) {
      throw new ConnectError(`alias "${newAlias}" is already used by freight "${holder.metadata.name}" in project "${project}"`, Code.AlreadyExists);
    }
    if (freight.alias === newAlias && freight.metadata.labels?.[ALIAS_LABEL] === newAlias) {
      return create(UpdateFreightAliasResponseSchema, { freight: toMessage(FreightSchema, freight) });
    }

    const updated = await deps.kube.mergePatch(
      RESOURCES.freights,
      { namespace: project, name },
      { alias: newAlias, metadata: { labels: { [ALIAS_LABEL]: newAlias } } },
      // The version the uniqueness check saw: a concurrent change makes this ABORTED, not a clash.
      { signal: ctx.signal, resourceVersion: String(freight.metadata["resourceVersion"] ?? "") },
    );
    return create(UpdateFreightAliasResponseSchema, { freight: toMessage(FreightSchema, updated) });
  };
}
