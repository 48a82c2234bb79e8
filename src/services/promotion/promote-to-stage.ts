import { create } from "@bufbuild/protobuf";
import { Code, ConnectError, type ServiceImpl } from "@connectrpc/connect";
import { PromotionSchema } from "../../../gen/kargo/api/v1/promotion_pb.js";
import { PromoteToStageResponseSchema, type PromotionService } from "../../../gen/kargo/api/v1/promotion_service_pb.js";
import { actorFor } from "../../auth/actor-for.js";
import { identityKey } from "../../auth/identity-context.js";
import { isFreightAvailableToStage } from "../../domain/is-freight-available-to-stage.js";
import type { Freight, Stage } from "../../domain/types.js";
import { RESOURCES, toMessage, type KubeObject } from "../../kube/index.js";
import { getCachedOrNotFound, requireField, requireProject } from "../common/index.js";
import { findFreight, requireOneOf } from "../freight/find-freight.js";
import type { RecordEventDeps } from "../freight/record-event.js";
import { buildPromotion } from "./build-promotion.js";
import { freightFromOrigin, requestedOrigin } from "./freight-from-origin.js";
import { submitPromotion } from "./submit-promotion.js";
import type { PromotionWindowDeps } from "./assert-promotion-window-open.js";

/**
 * PromotionService.PromoteToStage (docs/api-behaviour.md, PromotionService): one Promotion of one Freight into a
 * Stage; the Freight is named (name or alias) or, with `origin`, the newest Freight of that origin
 * available to the Stage (freightFromOrigin: auto-promotion's choice). `promote` on the Stage and `create promotions` are checked by the authorization table.
 * A Stage without steps and Freight not available to the Stage are FAILED_PRECONDITION
 * with the reason (Kargo: INVALID_ARGUMENT, though the request itself is well-formed), and so is a
 * Stage whose promotion windows are closed (submitPromotion).
 */
export function promoteToStage(deps: RecordEventDeps & PromotionWindowDeps): ServiceImpl<typeof PromotionService>["promoteToStage"] {
  return async (req, ctx) => {
    const origin = requestedOrigin(req.origin);
    if (origin !== undefined && (req.freight.trim() !== "" || req.freightAlias.trim() !== "")) {
      throw new ConnectError("exactly one of freight, freight_alias or origin should not be empty", Code.InvalidArgument);
    }
    const selector = origin === undefined ? requireOneOf(req.freight, req.freightAlias, ["freight", "freight_alias"]) : undefined;
    const stageName = requireField(req.stage, "stage");
    const project = await requireProject(deps, req.project);
    const stage = (await getCachedOrNotFound(deps.caches.cache(RESOURCES.stages), project, stageName)) as Stage;
    const freight =
      selector !== undefined
        ? ((await findFreight(deps.caches, project, selector)) as Freight)
        : await freightFromOrigin(deps.caches, project, stage, origin!, new Date());

    const actor = actorFor(ctx.values.get(identityKey));
    const promotion = await buildPromotion(deps.caches, stage, freight.metadata.name ?? "", actor);
    const availability = isFreightAvailableToStage(freight, stage, new Date());
    if (!availability.available) throw new ConnectError(availability.reason, Code.FailedPrecondition);

    const created = await submitPromotion(deps, promotion, freight, actor, ctx.signal);
    return create(PromoteToStageResponseSchema, { promotion: toMessage(PromotionSchema, created as KubeObject) });
  };
}
