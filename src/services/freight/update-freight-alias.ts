import { create } from "@bufbuild/protobuf";
import { Code, ConnectError, type ServiceImpl } from "@connectrpc/connect";
import { FreightSchema } from "../../../gen/kargo/api/v1/freight_pb.js";
import { UpdateFreightAliasResponseSchema, type FreightService } from "../../../gen/kargo/api/v1/freight_service_pb.js";
import { freightAliasProblem } from "../../domain/freight-alias-problem.js";
import type { Freight } from "../../domain/types.js";
import { ALIAS_LABEL } from "../../domain/well-known-keys.js";
import { RESOURCES, toMessage } from "../../kube/index.js";
import { requireField, requireProject, retryOnConflict, type RequireProjectDeps } from "../common/index.js";
import { findFreight, freightCache, freightWithAlias, requireOneOf } from "./find-freight.js";

/**
 * FreightService.UpdateFreightAlias (docs/api-behaviour.md, FreightService): one merge patch sets the `alias`
 * field and the `kargo.akuity.io/alias` label together, after checking no other Freight of the
 * project has the new alias (ALREADY_EXISTS). The check reads the cache, so two concurrent
 * renames can race; the patch carries the resourceVersion read, and admission's uniqueness check
 * is the backstop. When the Freight changed in between (a controller writing its status, another
 * rename) the whole lookup, check and patch run again on the cache's newer version
 * (retryOnConflict): the caller named no version, so only a change that makes the rename wrong
 * (the alias now taken, the old alias gone) reaches them. Setting the alias the Freight already
 * has is a no-op success.
 */
export function updateFreightAlias(deps: RequireProjectDeps): ServiceImpl<typeof FreightService>["updateFreightAlias"] {
  return async (req, ctx) => {
    const selector = requireOneOf(req.name, req.oldAlias, ["name", "old_alias"]);
    const newAlias = requireField(req.newAlias, "new_alias");
    const problem = freightAliasProblem(newAlias);
    if (problem !== undefined) throw new ConnectError(`new_alias: ${problem}`, Code.InvalidArgument);
    const project = await requireProject(deps, req.project);
    let conflicted: { name: string; resourceVersion: string } | undefined;
    const updated = await retryOnConflict(async () => {
      // After a conflict, decide again only once the cache shows what the conflicting write made.
      if (conflicted !== undefined) await newerVersionCached(deps, project, conflicted);
      const freight = (await findFreight(deps.caches, project, selector)) as Freight;
      const name = freight.metadata.name ?? "";
      const resourceVersion = String(freight.metadata["resourceVersion"] ?? "");
      const holder = freightWithAlias(freightCache(deps.caches), project, newAlias).find((other) => other.metadata.name !== name);
      if (holder !== undefined) {
        throw new ConnectError(`alias "${newAlias}" is already used by freight "${holder.metadata.name}" in project "${project}"`, Code.AlreadyExists);
      }
      if (freight.alias === newAlias && freight.metadata.labels?.[ALIAS_LABEL] === newAlias) return freight;
      conflicted = { name, resourceVersion };
      return deps.kube.mergePatch(
        RESOURCES.freights,
        { namespace: project, name },
        { alias: newAlias, metadata: { labels: { [ALIAS_LABEL]: newAlias } } },
        // The version the uniqueness check saw: a concurrent change makes this ABORTED, not a clash.
        { signal: ctx.signal, resourceVersion },
      );
    });
    return create(UpdateFreightAliasResponseSchema, { freight: toMessage(FreightSchema, updated) });
  };
}

/** Waits (up to 5 s) until the Freight cache holds a version of the Freight other than `seen` (or none). */
async function newerVersionCached(deps: RequireProjectDeps, project: string, seen: { name: string; resourceVersion: string }): Promise<void> {
  const cache = freightCache(deps.caches);
  await cache.waitUntil(() => cache.get(project, seen.name)?.metadata.resourceVersion !== seen.resourceVersion, 5000);
}
