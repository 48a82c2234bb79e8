import { sameOrigin } from "./same-origin.js";
import type { FreightOrigin, Stage } from "./types.js";

/**
 * The Stages that take Freight of `origin` from Stage `stageName` (PromoteDownstream,
 * docs/api-behaviour.md, PromotionService): those with a `requestedFreight` entry whose origin equals `origin`
 * and whose `sources.stages` lists `stageName`. The source Stage itself never counts. Order is
 * the input's.
 */
export function downstreamStages<T extends Stage>(stages: readonly T[], stageName: string, origin: FreightOrigin): T[] {
  return stages.filter(
    (stage) =>
      stage.metadata.name !== stageName &&
      (stage.spec?.requestedFreight ?? []).some((request) => sameOrigin(request.origin, origin) && (request.sources?.stages ?? []).includes(stageName)),
  );
}
