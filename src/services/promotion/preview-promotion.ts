import { create, type JsonObject } from "@bufbuild/protobuf";
import { Code, ConnectError, type ServiceImpl } from "@connectrpc/connect";
import { PreviewPromotionResponseSchema, type PromotionService } from "../../../gen/kargo/api/v1/promotion_service_pb.js";
import { actorFor } from "../../auth/actor-for.js";
import { identityKey } from "../../auth/identity-context.js";
import type { Freight, Stage } from "../../domain/types.js";
import { RESOURCES } from "../../kube/index.js";
import { getCachedOrNotFound, requireField, requireProject } from "../common/index.js";
import type { ServiceDeps } from "../create-services.js";
import { findFreight, requireOneOf } from "../freight/find-freight.js";
import { buildPromotion } from "./build-promotion.js";

/** Previews running at once; more are RESOURCE_EXHAUSTED (each clones and runs steps). */
export const MAX_CONCURRENT_PREVIEWS = 4;
/** A preview taking longer is cancelled (DEADLINE_EXCEEDED). */
export const PREVIEW_TIMEOUT_MS = 5 * 60_000;

/**
 * PromotionService.PreviewPromotion: builds the Promotion PromoteToStage would create (tasks
 * inflated, same name scheme) without creating it, and runs its steps in a scratch work tree of
 * this process (the embedded control plane's PromotionPreviewer): per checkout, the diff its commits make; per step, its outcome
 * and outputs; steps with external effects are skipped and reported. Freight need not be
 * available to the Stage (a preview promotes nothing). Embedded mode only: in Kubernetes mode
 * Kargo's controller, not this server, runs steps, with tools and credentials this process does
 * not have, so a preview here could differ from the promotion — UNIMPLEMENTED.
 */
export function previewPromotion(deps: Pick<ServiceDeps, "caches" | "kube" | "promotionPreviewer">): ServiceImpl<typeof PromotionService>["previewPromotion"] {
  let running = 0;
  return async (req, ctx) => {
    const runPreview = deps.promotionPreviewer;
    if (runPreview === undefined) {
      throw new ConnectError(
        "PreviewPromotion runs promotion steps in the API server, which only embedded mode does (on a cluster, Kargo's controller runs them)",
        Code.Unimplemented,
      );
    }
    const selector = requireOneOf(req.freight, req.freightAlias, ["freight", "freight_alias"]);
    const stageName = requireField(req.stage, "stage");
    const project = await requireProject(deps, req.project);
    const stage = (await getCachedOrNotFound(deps.caches.cache(RESOURCES.stages), project, stageName)) as Stage;
    const freight = (await findFreight(deps.caches, project, selector)) as Freight;
    const promotion = await buildPromotion(deps.caches, stage, freight.metadata.name ?? "", actorFor(ctx.values.get(identityKey)));
    if (running >= MAX_CONCURRENT_PREVIEWS)
      throw new ConnectError(`${MAX_CONCURRENT_PREVIEWS} promotion previews are already running; try again when one finishes`, Code.ResourceExhausted);
    running++;
    const timeout = AbortSignal.timeout(PREVIEW_TIMEOUT_MS);
    try {
      const preview = await runPreview(promotion, freight, AbortSignal.any([ctx.signal, timeout]));
      return create(PreviewPromotionResponseSchema, {
        phase: preview.phase,
        message: preview.message,
        freight: freight.metadata.name ?? "",
        repositories: preview.repositories.map((repository) => ({ ...repository, repoUrl: repository.repoURL })),
        steps: preview.steps.map((step) => ({
          alias: step.alias,
          uses: step.uses,
          status: step.status,
          message: step.message ?? "",
          externalEffect: step.externalEffect ?? "",
          ...(step.output ? { output: step.output as JsonObject } : {}),
        })),
      });
    } catch (error) {
      if (timeout.aborted)
        throw new ConnectError(
          `the preview of promoting "${freight.metadata.name}" into "${stageName}" took longer than ${PREVIEW_TIMEOUT_MS / 1000}s`,
          Code.DeadlineExceeded,
        );
      throw error;
    } finally {
      running--;
    }
  };
}
