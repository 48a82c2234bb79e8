import { CLUSTER_CONFIG_NAME } from "../../domain/well-known-keys.js";
import { invalid } from "../api/api-error.js";
import type { ResourceType } from "../resources/resource-types.js";
import type { KubeObject } from "../store/types.js";

/**
 * Kargo's singleton rules: a ProjectConfig must be named after its project (its namespace) and
 * the ClusterConfig must be named `cluster` (422 otherwise), so there is exactly one of each.
 */
export function validateConfigName(type: ResourceType, object: KubeObject): void {
  const name = object.metadata.name ?? "";
  const expected = type.resource === "projectconfigs" ? object.metadata.namespace! : CLUSTER_CONFIG_NAME;
  if (name !== expected) {
    const why = type.resource === "projectconfigs" ? `must be named after its project, "${expected}"` : `must be named "${CLUSTER_CONFIG_NAME}"`;
    throw invalid(type, name, [{ field: "metadata.name", reason: "FieldValueInvalid", message: `Invalid value: "${name}": ${type.kind} ${why}` }]);
  }
}
