import { PROJECT_LABEL } from "../../domain/index.js";
import { ApiError } from "../api/api-error.js";
import type { ResourceType } from "../resources/resource-types.js";
import type { KubeObject, ObjectStore } from "../store/types.js";
import { TYPES } from "./kargo-types.js";

/**
 * Kargo's Project validating webhook, on create: a namespace of the Project's name may already
 * exist only if it is labelled `kargo.akuity.io/project: "true"` (it is then adopted) and is not
 * being deleted; otherwise 409 Conflict, as Kargo answers.
 */
export function validateProject(store: ObjectStore, type: ResourceType, project: KubeObject, old: KubeObject | undefined): void {
  if (old) return;
  const name = project.metadata.name!;
  const namespace = store.get(TYPES.namespaces, undefined, name);
  if (!namespace) return;
  const details = { name, group: type.group, kind: type.resource };
  if (namespace.metadata.labels?.[PROJECT_LABEL] !== "true") {
    throw new ApiError(
      409,
      "Conflict",
      `namespace "${name}" already exists and is not labeled as a Project namespace (label ${PROJECT_LABEL}: "true")`,
      details,
    );
  }
  if (namespace.metadata.deletionTimestamp) {
    throw new ApiError(409, "Conflict", `namespace "${name}" already exists and is being deleted`, details);
  }
}
