import { labelSelectorFromObject } from "./label-selector-from-object.js";
import { matchesLabels } from "./matches-labels.js";
import type { LabelSelectorObject } from "./types.js";

/**
 * Compiles a metav1.LabelSelector object once into a predicate over label sets — what a Kargo
 * promotion policy's stage selector needs when it is tested against many Stages.
 *
 * @throws SelectorParseError when the selector object is invalid (see labelSelectorFromObject).
 */
export function labelSelectorMatcher(
  selector: LabelSelectorObject | null | undefined,
): (labels: Readonly<Record<string, string>> | null | undefined) => boolean {
  const parsed = labelSelectorFromObject(selector);
  return (labels) => matchesLabels(parsed, labels);
}
