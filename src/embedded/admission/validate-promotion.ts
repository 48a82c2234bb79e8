import { isFreightAvailableToStage, type Freight, type Promotion, type Stage } from "../../domain/index.js";
import type { AdmissionContext } from "../api/api-context.js";
import { forbidden, invalid } from "../api/api-error.js";
import { forbiddenMessage } from "../api/forbidden-message.js";
import type { ResourceAttributes } from "../rbac/types.js";
import type { ResourceType } from "../resources/resource-types.js";
import { jsonEqual } from "../../util/json-equal.js";
import type { KubeObject } from "../store/types.js";
import type { KargoAdmissionDeps } from "./admission-context.js";
import { TYPES } from "./kargo-types.js";
import { validatePromotionWindow } from "./validate-promotion-window.js";

/**
 * Kargo's Promotion validating webhook: on create the Freight must exist (422) and be available to
 * the Stage (isFreightAvailableToStage; 422 with the reason), and the requester must hold `promote`
 * on the Stage (403 — creating Promotions alone does not let anyone promote), and the Stage's
 * promotion windows must be open (validatePromotionWindow); on update `spec` is immutable (422).
 */
export function validatePromotion(
  deps: KargoAdmissionDeps,
  type: ResourceType,
  object: KubeObject,
  old: KubeObject | undefined,
  context: AdmissionContext,
): void {
  const promotion = object as Promotion & KubeObject;
  const name = promotion.metadata.name ?? "";
  if (old) {
    if (!jsonEqual(promotion.spec, (old as Promotion).spec)) {
      throw invalid(type, name, [{ field: "spec", reason: "FieldValueForbidden", message: "Forbidden: spec is immutable" }]);
    }
    return;
  }
  const namespace = promotion.metadata.namespace!;
  const stage = deps.store.get(TYPES.stages, namespace, promotion.spec.stage) as Stage | undefined;
  const freight = deps.store.get(TYPES.freights, namespace, promotion.spec.freight) as Freight | undefined;
  if (!stage) {
    throw invalid(type, name, [{ field: "spec.stage", reason: "FieldValueNotFound", message: `Not found: "${promotion.spec.stage}"` }]);
  }
  if (!freight) {
    throw invalid(type, name, [
      { field: "spec.freight", reason: "FieldValueNotFound", message: `Not found: "${promotion.spec.freight}": no such Freight in project "${namespace}"` },
    ]);
  }
  const availability = isFreightAvailableToStage(freight, stage, (deps.now ?? (() => new Date()))());
  if (!availability.available) {
    throw invalid(type, name, [
      { field: "spec.freight", reason: "FieldValueInvalid", message: `Invalid value: "${promotion.spec.freight}": ${availability.reason}` },
    ]);
  }
  const attributes: ResourceAttributes = { verb: "promote", group: TYPES.stages.group, resource: "stages", namespace, name: promotion.spec.stage };
  if (!deps.authorize(context.user, attributes).allowed) {
    throw forbidden(TYPES.stages, promotion.spec.stage, forbiddenMessage(context.user.username, attributes));
  }
  validatePromotionWindow(deps.store, stage, (deps.promotionWindowClock ?? deps.now ?? (() => new Date()))());
}
