import { create } from "@bufbuild/protobuf";
import { Code, ConnectError, type ServiceImpl } from "@connectrpc/connect";
import { FreightSchema } from "../../../gen/kargo/api/v1/freight_pb.js";
import { ApproveFreightResponseSchema, type FreightService } from "../../../gen/kargo/api/v1/freight_service_pb.js";
import { actorFor } from "../../auth/actor-for.js";
import { identityKey } from "../../auth/identity-context.js";
import { originKey, sameOrigin } from "../../domain/same-origin.js";
import type { Freight, Stage } from "../../domain/types.js";
import { RESOURCES, toMessage } from "../../kube/index.js";
import { getCachedOrNotFound, requireField, requireProject } from "../common/index.js";
import { findFreight, requireOneOf } from "./find-freight.js";
import { freightApprovedEvent } from "./freight-events.js";
import { recordEvent, type RecordEventDeps } from "./record-event.js";
import { rfc3339 } from "../../util/rfc3339.js";

/**
 * FreightService.ApproveFreight (docs/api-behaviour.md, FreightService): makes Freight available to a Stage
 * whatever its upstream verification, by a status patch of `approvedFor[<stage>]` alone (other
 * Stages' approvals are untouched: a merge patch of one map key). Already approved → success
 * without a write or an Event. `promote` on the Stage is checked by the authorization table.
 */
export function approveFreight(deps: RecordEventDeps): ServiceImpl<typeof FreightService>["approveFreight"] {
  return async (req, ctx) => {
    const selector = requireOneOf(req.name, req.alias, ["name", "alias"]);
    const stageName = requireField(req.stage, "stage");
    const project = await requireProject(deps, req.project);
    const freight = (await findFreight(deps.caches, project, selector)) as Freight;
    const stage = (await getCachedOrNotFound(deps.caches.cache(RESOURCES.stages), project, stageName)) as Stage;

    if (!(stage.spec?.requestedFreight ?? []).some((request) => sameOrigin(request.origin, freight.origin))) {
      throw new ConnectError(
        `stage "${stageName}" in project "${project}" does not request freight from origin ${originKey(freight.origin)}`,
        Code.InvalidArgument,
      );
    }
    if (freight.status?.approvedFor?.[stageName] !== undefined) {
      return create(ApproveFreightResponseSchema, { freight: toMessage(FreightSchema, freight) });
    }

    const approvedAt = rfc3339(new Date());
    const approved = (await deps.kube.patchStatus(
      RESOURCES.freights,
      { namespace: project, name: freight.metadata.name ?? "" },
      { status: { approvedFor: { [stageName]: { approvedAt } } } },
      { signal: ctx.signal },
    )) as Freight;
    await recordEvent(deps, freightApprovedEvent(approved, stageName, actorFor(ctx.values.get(identityKey))));
    return create(ApproveFreightResponseSchema, { freight: toMessage(FreightSchema, approved) });
  };
}
