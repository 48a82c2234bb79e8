import { validateKargoObject, validateObjectMeta } from "../validation/index.js";
import type { KubeObject } from "../store/types.js";
import type { ResourceType } from "../resources/resource-types.js";
import type { StatusCause } from "./api-error.js";

const KARGO_GROUP = "kargo.akuity.io";

/**
 * Field problems of an object about to be stored: its metadata as Kubernetes checks it for every
 * type (name rule by kind, namespace by scope, labels, annotations, finalizers, owner references),
 * and for the Kargo kinds the CRD's structural schema and CEL rules. 422 Invalid with these causes.
 */
export function validateObject(type: ResourceType, object: KubeObject): StatusCause[] {
  const problems = validateObjectMeta(object.metadata, { namespaced: type.namespaced, kind: type.kind });
  if (type.group === KARGO_GROUP) problems.push(...validateKargoObject(type.resource, object));
  return problems;
}
