import { jsonEqual } from "../../util/json-equal.js";
import { invalid, typeInvalid, type FieldError } from "./field-error.js";
import { policyRuleSchema } from "./rbac/policy-rule-schema.js";
import { roleBindingSchema } from "./rbac/role-binding-schema.js";
import { arr, obj, type ObjectSchema } from "./schema.js";
import { validateSchema } from "./validate-schema.js";

const SCHEMAS: Readonly<Record<string, ObjectSchema>> = {
  roles: obj({ rules: arr(policyRuleSchema(true)) }),
  clusterroles: obj({ rules: arr(policyRuleSchema(false)) }),
  rolebindings: roleBindingSchema(true),
  clusterrolebindings: roleBindingSchema(false),
};

/**
 * Kubernetes' validation of RBAC objects (rbac.authorization.k8s.io/v1) on create and update:
 * rules need verbs and either groups+resources or (ClusterRoles only) non-resource URLs; bindings
 * need a roleRef to a Role or ClusterRole (ClusterRoleBindings: ClusterRole only) and subjects of
 * kind ServiceAccount, User or Group with the right apiGroup; `roleRef` cannot change on update.
 * Metadata is checked by `validateObjectMeta` (names are path segments for these kinds).
 *
 * @param resource "roles", "clusterroles", "rolebindings" or "clusterrolebindings"; other
 *   resources have no checks here.
 * @param old the stored object, on update.
 */
export function validateRbacObject(resource: string, object: unknown, old?: unknown): FieldError[] {
  const schema = SCHEMAS[resource];
  if (schema === undefined) return [];
  if (typeof object !== "object" || object === null || Array.isArray(object)) return [typeInvalid("", object, "object")];
  const errors = validateSchema(schema, object, "");
  if (old !== undefined && resource.endsWith("bindings")) {
    const before = (old as { roleRef?: unknown } | null)?.roleRef;
    const after = (object as { roleRef?: unknown }).roleRef;
    // Kubernetes forbids it so a binding's meaning cannot be swapped under its subjects; delete and recreate instead.
    if (!jsonEqual(before ?? null, after ?? null)) errors.push(invalid("roleRef", after, "cannot change roleRef"));
  }
  return errors;
}
