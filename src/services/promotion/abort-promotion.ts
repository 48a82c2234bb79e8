import { create } from "@bufbuild/protobuf";
import type { ServiceImpl } from "@connectrpc/connect";
import { AbortPromotionResponseSchema, type PromotionService } from "../../../gen/kargo/api/v1/promotion_service_pb.js";
import { actorFor } from "../../auth/actor-for.js";
import { identityKey } from "../../auth/identity-context.js";
import { RESOURCES, type KubeClient } from "../../kube/index.js";
import { getCachedOrNotFound, requireField, requireProject, type RequireProjectDeps } from "../common/index.js";
import { isPromotionTerminal } from "./promotion-order.js";

/** Annotation asking Kargo's controller to stop a Promotion. */
export const ABORT_ANNOTATION = "kargo.akuity.io/abort";

/** What AbortPromotion needs. */
export interface AbortPromotionDeps extends RequireProjectDeps {
  readonly kube: KubeClient;
}

/**
 * PromotionService.AbortPromotion (docs/api-behaviour.md, PromotionService): merge-patches the annotation
 * `kargo.akuity.io/abort` = `{"action":"terminate","actor":"<actor>"}`. A Promotion that already
 * finished is left alone and the call succeeds (as the proto defines; the abort is idempotent,
 * so a retried call never fails). A missing one is NOT_FOUND (Kargo: INTERNAL).
 */
export function abortPromotion(deps: AbortPromotionDeps): ServiceImpl<typeof PromotionService>["abortPromotion"] {
  return async (req, ctx) => {
    const name = requireField(req.name, "name");
    const project = await requireProject(deps, req.project);
    const promotion = await getCachedOrNotFound(deps.caches.cache(RESOURCES.promotions), project, name);
    if (isPromotionTerminal(promotion)) return create(AbortPromotionResponseSchema, {});

    const request = JSON.stringify({ action: "terminate", actor: actorFor(ctx.values.get(identityKey)) });
    await deps.kube.mergePatch(
      RESOURCES.promotions,
      { namespace: project, name },
      { metadata: { annotations: { [ABORT_ANNOTATION]: request } } },
      { signal: ctx.signal },
    );
    return create(AbortPromotionResponseSchema, {});
  };
}
