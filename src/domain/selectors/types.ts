/**
 * Parsed selectors. Both the text form (`?labelSelector=`) and the object form
 * (metav1.LabelSelector, e.g. a Kargo promotion policy's stage selector) parse to the same
 * `LabelSelector`, so one matcher serves both.
 */

/** How one requirement relates a label key to its values (Kubernetes' selection operators). */
export type LabelOperator = "Equals" | "NotEquals" | "In" | "NotIn" | "Exists" | "DoesNotExist" | "GreaterThan" | "LessThan";

/** One requirement of a label selector; a selector matches when all its requirements do. */
export interface LabelRequirement {
  readonly key: string;
  readonly operator: LabelOperator;
  /** One value for Equals/NotEquals/GreaterThan/LessThan, ≥1 for In/NotIn, none for Exists/DoesNotExist. */
  readonly values: readonly string[];
}

/**
 * A parsed label selector. `nothing` is the null selector of the object form, which matches no
 * object; an empty requirement list matches every object.
 */
export interface LabelSelector {
  readonly requirements: readonly LabelRequirement[];
  readonly nothing?: boolean;
}

/** Kubernetes' metav1.LabelSelector, as JSON. */
export interface LabelSelectorObject {
  matchLabels?: Record<string, string> | null;
  matchExpressions?: readonly LabelSelectorObjectRequirement[] | null;
}

/** Kubernetes' metav1.LabelSelectorRequirement, as JSON. */
export interface LabelSelectorObjectRequirement {
  key: string;
  operator: "In" | "NotIn" | "Exists" | "DoesNotExist" | string;
  values?: readonly string[] | null;
}

/** One term of a field selector: `field=value` (Equals) or `field!=value` (NotEquals). */
export interface FieldRequirement {
  readonly field: string;
  readonly operator: "Equals" | "NotEquals";
  readonly value: string;
}

/** A parsed field selector; it matches when all its requirements do (empty matches everything). */
export interface FieldSelector {
  readonly requirements: readonly FieldRequirement[];
}
