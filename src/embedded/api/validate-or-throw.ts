import type { KubeObject } from "../store/types.js";
import type { ResourceType } from "../resources/resource-types.js";
import { invalid } from "./api-error.js";
import type { ApiDeps } from "./api-context.js";

/** Runs the deps' validation and throws 422 Invalid, with one cause per field problem, when any fails. */
export function validateOrThrow(deps: ApiDeps, type: ResourceType, object: KubeObject, old?: KubeObject): void {
  const causes = deps.validate(type, object, old);
  if (causes.length > 0) {
    throw invalid(type, object.metadata.name ?? object.metadata.generateName ?? "", causes);
  }
}
