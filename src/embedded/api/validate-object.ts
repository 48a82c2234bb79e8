import type { KubeObject } from "../store/types.js";
import type { ResourceType } from "../resources/resource-types.js";
import { dns1123LabelProblems, dns1123SubdomainProblems } from "../validation/name-rules.js";
import type { StatusCause } from "./api-error.js";

/**
 * Field problems of an object about to be stored: its name (DNS-1123 label for Namespaces,
 * subdomain otherwise). Becomes 422 Invalid with these causes.
 */
export function validateObject(type: ResourceType, object: KubeObject): StatusCause[] {
  const name = object.metadata.name;
  if (name === undefined) return [];
  const problems = type.resource === "namespaces" ? dns1123LabelProblems(name) : dns1123SubdomainProblems(name);
  return problems.map((problem) => ({ reason: "FieldValueInvalid", field: "metadata.name", message: `Invalid value: ${JSON.stringify(name)}: ${problem}` }));
}
