import { create } from "@bufbuild/protobuf";
import { Code, ConnectError, type ServiceImpl } from "@connectrpc/connect";
import { PromotionSchema } from "../../../gen/kargo/api/v1/promotion_pb.js";
import { PromoteDownstreamResponseSchema, type PromotionService } from "../../../gen/kargo/api/v1/promotion_service_pb.js";
import { accessCheckKey } from "../../auth/authorization/access-check-context.js";
import { actorFor } from "../../auth/actor-for.js";
import { identityKey } from "../../auth/identity-context.js";
import { downstreamStages } from "../../domain/downstream-stages.js";
import { isFreightAvailableToStage } from "../../domain/is-freight-available-to-stage.js";
import type { Freight, Promotion, Stage } from "../../domain/types.js";
import { RESOURCES, toMessage, type KubeObject } from "../../kube/index.js";
import { getCachedOrNotFound, listCached, requireField, requireProject } from "../common/index.js";
import { findFreight, requireOneOf } from "../freight/find-freight.js";
import type { RecordEventDeps } from "../freight/record-event.js";
import { buildPromotion } from "./build-promotion.js";
import { submitPromotion } from "./submit-promotion.js";
import { assertPromotionWindowOpen, type PromotionWindowDeps } from "./assert-promotion-window-open.js";

/**
 * PromotionService.PromoteDownstream (docs/api-behaviour.md, PromotionService): promotes Freight verified in a
 * Stage into every Stage that takes Freight of its origin from that Stage. Control-flow Stages
 * (no steps) are skipped: no Promotion, no permission asked, no availability rule (Kargo asked
 * `promote` on them too). Every check comes before any write — Freight verified in the source
 * Stage, `promote` on each target Stage (the table's handler check; all denied ones are named),
 * availability to each, open promotion windows, and a buildable Promotion for each — so a refusal
 * creates nothing.
 * Promotions are then created one by one; a failure ends the RPC with its own code, naming the
 * Stages already promoted (not rolled back), as the proto comment defines. Kargo returned INTERNAL with the
 * successes in the same response, which no client could tell from a server fault.
 */
export function promoteDownstream(deps: RecordEventDeps & PromotionWindowDeps): ServiceImpl<typeof PromotionService>["promoteDownstream"] {
  return async (req, ctx) => {
    const selector = requireOneOf(req.freight, req.freightAlias, ["freight", "freight_alias"]);
    const stageName = requireField(req.stage, "stage");
    const project = await requireProject(deps, req.project);
    const stagesCache = deps.caches.cache(RESOURCES.stages);
    await getCachedOrNotFound(stagesCache, project, stageName);
    const freight = (await findFreight(deps.caches, project, selector)) as Freight;
    const freightName = freight.metadata.name ?? "";

    if (freight.status?.verifiedIn?.[stageName] === undefined) {
      throw new ConnectError(`freight "${freightName}" is not verified in stage "${stageName}" of project "${project}"`, Code.FailedPrecondition);
    }
    const downstream = downstreamStages((await listCached(stagesCache, project)) as readonly Stage[], stageName, freight.origin!);
    if (downstream.length === 0) {
      throw new ConnectError(
        `stage "${stageName}" in project "${project}" has no downstream stages for origin ${freight.origin!.kind}/${freight.origin!.name}`,
        Code.NotFound,
      );
    }
    // A control-flow Stage (no promotion steps) only fans Freight out to its own downstream
    // Stages: nothing is created for it, so nothing is asked of the caller for it either.
    const targets = downstream.filter((stage) => (stage.spec?.promotionTemplate?.spec?.steps ?? []).length > 0);
    const accessCheck = ctx.values.get(accessCheckKey);
    const denied: string[] = [];
    for (const stage of targets) {
      const name = stage.metadata.name ?? "";
      if (!(await accessCheck({ verb: "promote", group: "kargo.akuity.io", resource: "stages", namespace: project, name }))) denied.push(`"${name}"`);
    }
    if (denied.length > 0) {
      throw new ConnectError(`not permitted to promote stage(s) ${denied.join(", ")} in project "${project}"`, Code.PermissionDenied);
    }
    const now = new Date();
    for (const stage of targets) {
      const availability = isFreightAvailableToStage(freight, stage, now);
      if (!availability.available) throw new ConnectError(availability.reason, Code.FailedPrecondition);
      await assertPromotionWindowOpen(deps, stage);
    }
    const actor = actorFor(ctx.values.get(identityKey));
    const planned: Promotion[] = [];
    for (const stage of targets) planned.push(await buildPromotion(deps.caches, stage, freightName, actor));

    const created: Promotion[] = [];
    for (const promotion of planned) {
      try {
        created.push(await submitPromotion(deps, promotion, freight, actor, ctx.signal));
      } catch (error) {
        const cause = ConnectError.from(error);
        const done = created.map((p) => `"${p.spec.stage}"`).join(", ");
        throw new ConnectError(
          `promoting freight "${freightName}" to stage "${promotion.spec.stage}" failed: ${cause.rawMessage}` +
            (done ? `; promotions were already created for stage(s) ${done}` : "; no promotion was created"),
          cause.code,
          undefined,
          undefined,
          error,
        );
      }
    }
    return create(PromoteDownstreamResponseSchema, { promotions: created.map((p) => toMessage(PromotionSchema, p as KubeObject)) });
  };
}
