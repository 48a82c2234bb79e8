import type { PromotionWindowStatus } from "./promotion-window-status.js";

/**
 * The message of a Promotion refused by a promotion window, the same on every path (API,
 * embedded admission, auto-promotion logs): it names the Stage, the window and when promotions
 * resume.
 */
export function promotionWindowClosedMessage(project: string, stage: string, status: PromotionWindowStatus): string {
  const resume = status.nextChange ? `promotions resume at ${status.nextChange.toISOString()}` : "no reopening is scheduled";
  return `promotion window ${status.window ?? ""} closes stage "${stage}" of project "${project}": ${status.reason}; ${resume}`;
}
