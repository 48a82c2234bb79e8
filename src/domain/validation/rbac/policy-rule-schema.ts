import { invalid, required } from "../field-error.js";
import { arr, obj, str, type ObjectSchema, type Rule } from "../schema.js";

const count = (value: unknown): number => (Array.isArray(value) ? value.length : 0);

// Kubernetes' ValidatePolicyRule: a rule grants verbs either on resources (which then need groups
// and resources) or on non-resource URLs (only in ClusterRoles), never on both.
const ruleShape =
  (namespaced: boolean): Rule =>
  (rule, path) => {
    const errors = [];
    if (count(rule["verbs"]) === 0) errors.push({ ...required(`${path}.verbs`), message: "Required value: verbs must contain at least one value" });
    if (count(rule["nonResourceURLs"]) > 0) {
      if (namespaced) errors.push(invalid(`${path}.nonResourceURLs`, rule["nonResourceURLs"], "namespaced rules cannot apply to non-resource URLs"));
      if (count(rule["apiGroups"]) > 0 || count(rule["resources"]) > 0 || count(rule["resourceNames"]) > 0) {
        errors.push(invalid(`${path}.nonResourceURLs`, rule["nonResourceURLs"], "rules cannot apply to both regular resources and non-resource URLs"));
      }
      return errors;
    }
    if (count(rule["apiGroups"]) === 0)
      errors.push({ ...required(`${path}.apiGroups`), message: "Required value: resource rules must supply at least one api group" });
    if (count(rule["resources"]) === 0)
      errors.push({ ...required(`${path}.resources`), message: "Required value: resource rules must supply at least one resource" });
    return errors;
  };

/** A PolicyRule of a Role (`namespaced`) or ClusterRole. */
export const policyRuleSchema = (namespaced: boolean): ObjectSchema =>
  obj(
    { verbs: arr(str()), apiGroups: arr(str()), resources: arr(str()), resourceNames: arr(str()), nonResourceURLs: arr(str()) },
    { rules: [ruleShape(namespaced)] },
  );
