import { Code, ConnectError } from "@connectrpc/connect";
import type { FreightOrigin as FreightOriginMessage } from "../../../gen/kargo/api/v1/freight_pb.js";
import { invalidField } from "../../errors/invalid-fields.js";
import { newestAvailableFreight } from "../../domain/newest-available-freight.js";
import { originKey, sameOrigin } from "../../domain/same-origin.js";
import type { Freight, FreightOrigin, Stage } from "../../domain/types.js";
import { RESOURCES, type KubeCaches } from "../../kube/index.js";
import { getCachedOrNotFound, listCached, requireField } from "../common/index.js";
import { freightCache } from "../freight/find-freight.js";

/**
 * The origin of a PromoteToStage by origin, or undefined when the request sets none. `kind` may be
 * left empty (Warehouse, the only kind); any other kind is INVALID_ARGUMENT, as is an empty name.
 */
export function requestedOrigin(origin: FreightOriginMessage | undefined): FreightOrigin | undefined {
  if (origin === undefined || (origin.kind.trim() === "" && origin.name.trim() === "")) return undefined;
  const kind = origin.kind.trim() === "" ? "Warehouse" : origin.kind.trim();
  if (kind !== "Warehouse") throw invalidField("origin.kind", `"${kind}" is not a Freight origin kind (Warehouse)`);
  return { kind, name: requireField(origin.name, "origin.name") };
}

/**
 * The Freight a promotion by origin promotes: the newest Freight of the origin available to the
 * Stage, chosen by newestAvailableFreight — the very function auto-promotion chooses with, so CI
 * gets what auto-promotion would have promoted. From the caches. NOT_FOUND when the Warehouse
 * does not exist; FAILED_PRECONDITION when the Stage does not request the origin or no Freight
 * of it is available to the Stage.
 */
export async function freightFromOrigin(caches: KubeCaches, project: string, stage: Stage, origin: FreightOrigin, now: Date): Promise<Freight> {
  await getCachedOrNotFound(caches.cache(RESOURCES.warehouses), project, origin.name);
  const stageName = stage.metadata.name ?? "";
  if (!(stage.spec?.requestedFreight ?? []).some((request) => sameOrigin(request.origin, origin))) {
    throw new ConnectError(`Stage "${stageName}" does not request Freight from origin ${originKey(origin)}`, Code.FailedPrecondition);
  }
  const freights = (await listCached(freightCache(caches), project)) as readonly Freight[];
  const freight = newestAvailableFreight(freights, stage, origin, now);
  if (freight === undefined) {
    throw new ConnectError(`no Freight from origin ${originKey(origin)} is available to Stage "${stageName}"`, Code.FailedPrecondition);
  }
  return freight;
}
