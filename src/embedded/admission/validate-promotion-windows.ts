import { compilePromotionWindow, type PromotionWindow } from "../../domain/index.js";
import { invalid } from "../api/api-error.js";
import type { ResourceType } from "../resources/resource-types.js";
import type { KubeObject } from "../store/types.js";

/**
 * A ProjectConfig's or ClusterConfig's `promotionWindows` must each parse (iCal date-times, IANA
 * zone, RRULE, dtend after dtstart): 422 naming the window and the problem, so a typo is caught
 * when it is written rather than found as a freeze (an unparseable window blocks, see
 * promotionWindowStatus). Sizes and counts are bounded by the structural schema before this runs.
 */
export function validatePromotionWindows(type: ResourceType, object: KubeObject): void {
  const windows = (object["spec"] as { promotionWindows?: unknown } | undefined)?.promotionWindows;
  if (!Array.isArray(windows)) return;
  const causes = windows.flatMap((window: PromotionWindow, i) => {
    const compiled = compilePromotionWindow(window);
    return compiled.ok
      ? []
      : [{ field: `spec.promotionWindows[${i}]`, reason: "FieldValueInvalid", message: `Invalid value: window "${window.name}": ${compiled.problem}` }];
  });
  if (causes.length > 0) throw invalid(type, object.metadata.name ?? "", causes);
}
