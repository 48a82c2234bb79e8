import { freightCreatedEvent, promotionCreatedEvent, CREATE_ACTOR_ANNOTATION, type Freight, type Promotion } from "../../domain/index.js";
import type { AdmissionContext, AdmissionHooks } from "../api/api-context.js";
import type { ResourceType } from "../resources/resource-types.js";
import type { KubeObject } from "../store/types.js";
import type { KargoAdmissionDeps } from "./admission-context.js";
import { isControlPlaneUser, kubernetesActor } from "./is-control-plane-user.js";
import { isKargo, TYPES } from "./kargo-types.js";
import { recordEvent } from "./record-event.js";
import { setUpProject } from "./set-up-project.js";
import { tearDownProject } from "./tear-down-project.js";
import { validateConfigName } from "./validate-config-name.js";
import { validateFreight } from "./validate-freight.js";
import { validateFreightDelete } from "./validate-freight-delete.js";
import { validatePromotion } from "./validate-promotion.js";
import { validatePromotionWindows } from "./validate-promotion-windows.js";
import { validateProject } from "./validate-project.js";
import { validateStage } from "./validate-stage.js";
import { validateWarehouse } from "./validate-warehouse.js";

/**
 * The validating half of Kargo's admission in the embedded control plane, plus the effects
 * Kargo's webhooks and management controller have right after a write (see each rule's file):
 * Projects get their namespace and roles, Promotions and Freight created by someone other than
 * the control plane get their Events (the API server records its own, §0 point 3).
 */
export function createKargoAdmissionHooks(deps: KargoAdmissionDeps): AdmissionHooks {
  const kargoNamespace = deps.kargoNamespace ?? "kargo";
  const now = deps.now ?? (() => new Date());
  return {
    async validate(type, object, old, context) {
      if (isKargo(type, "freights")) validateFreight(deps.store, type, object, old);
      else if (isKargo(type, "promotions")) validatePromotion(deps, type, object, old, context);
      else if (isKargo(type, "projects")) validateProject(deps.store, type, object, old);
      else if (isKargo(type, "projectconfigs") || isKargo(type, "clusterconfigs")) {
        validateConfigName(type, object);
        validatePromotionWindows(type, object);
      } else if (isKargo(type, "stages")) validateStage(type, object);
      else if (isKargo(type, "warehouses")) validateWarehouse(type, object);
    },
    async validateDelete(type, object) {
      if (isKargo(type, "freights")) validateFreightDelete(deps.store, type, object);
    },
    async afterWrite(type, stored, old, context) {
      if (old) return undefined;
      if (isKargo(type, "projects")) return setUpProject(deps.store, stored, kargoNamespace, now());
      if (isControlPlaneUser(context.user, kargoNamespace)) return undefined;
      if (isKargo(type, "promotions")) recordPromotionCreated(deps, stored, context);
      else if (isKargo(type, "freights")) recordFreightCreated(deps, stored, context);
      return undefined;
    },
    async afterDelete(type: ResourceType, deleted: KubeObject, _context: AdmissionContext) {
      if (isKargo(type, "projects")) tearDownProject(deps.store, deps.logger, deleted);
    },
  };
}

function recordPromotionCreated(deps: KargoAdmissionDeps, stored: KubeObject, context: AdmissionContext): void {
  const promotion = stored as Promotion & KubeObject;
  const actor = promotion.metadata.annotations?.[CREATE_ACTOR_ANNOTATION] ?? kubernetesActor(context.user);
  const freight = deps.store.get(TYPES.freights, promotion.metadata.namespace, promotion.spec.freight);
  recordEvent(deps.store, deps.logger, promotionCreatedEvent(promotion, freight as Freight | undefined, actor));
}

function recordFreightCreated(deps: KargoAdmissionDeps, stored: KubeObject, context: AdmissionContext): void {
  recordEvent(deps.store, deps.logger, freightCreatedEvent(stored as Freight & KubeObject, kubernetesActor(context.user)));
}
