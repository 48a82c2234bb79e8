import { arr, bool, obj, str, type ObjectSchema } from "../schema.js";
import { dnsSubdomainSyntax, labelSelector, link, promotionWindows, webhookReceiver } from "./common.js";
import { exactlyOneOf } from "./rules.js";

/**
 * ProjectConfig (one per project namespace): promotion policies (auto-promotion per Stage or per
 * Stage selector, auto-rollback triggers), webhook receivers and UI links.
 */
export const projectConfigSchema: ObjectSchema = obj({
  apiVersion: str(),
  kind: str(),
  spec: obj({
    promotionPolicies: arr(
      obj(
        {
          stage: dnsSubdomainSyntax(),
          stageSelector: labelSelector(),
          autoPromotionEnabled: bool(),
          autoRollback: obj({
            // The CRD expresses these two enums as CEL rules on the list; an enum per item says the same.
            onPromotion: arr(str({ enum: ["Failed", "Errored"] }), { maxItems: 2, set: true }),
            onVerification: arr(str({ enum: ["Failed", "Error"] }), { maxItems: 2, set: true }),
          }),
        },
        { rules: [exactlyOneOf(["stage", "stageSelector"], "PromotionPolicy must have exactly one of stage or stageSelector set")] },
      ),
    ),
    webhookReceivers: arr(webhookReceiver()),
    freightLinks: arr(link()),
    stageLinks: arr(link()),
    promotionWindows: promotionWindows(false),
  }),
});
