import { validateKargoObject, validateObjectMeta, validateRbacObject, validateRolloutsObject } from "../../domain/validation/index.js";
import { validateEmbeddedObject } from "./validate-embedded-object.js";
import { EMBEDDED_GROUP, KARGO_GROUP, RBAC_GROUP, ROLLOUTS_GROUP } from "../../domain/kind-catalogue.js";
import type { KubeObject } from "../store/types.js";
import type { ResourceType } from "../resources/resource-types.js";
import type { StatusCause } from "./api-error.js";

/**
 * Field problems of an object about to be stored: its metadata as Kubernetes checks it for every
 * type (name rule by kind, namespace by scope, labels, annotations, finalizers, owner references),
 * for the Kargo kinds the CRD's structural schema and CEL rules, for Argo Rollouts' analysis kinds
 * the types of the fields the analysis controller reads, and for RBAC objects Kubernetes'
 * rule and binding checks (`old`, the stored object on update, makes roleRef immutable), and for
 * this server's own kinds (CustomPromotionStep) their schema.
 * 422 Invalid with these causes.
 */
export function validateObject(type: ResourceType, object: KubeObject, old?: KubeObject): StatusCause[] {
  const problems = validateObjectMeta(object.metadata, { namespaced: type.namespaced, kind: type.kind });
  if (type.group === KARGO_GROUP) problems.push(...validateKargoObject(type.resource, object));
  if (type.group === ROLLOUTS_GROUP) problems.push(...validateRolloutsObject(type.resource, object));
  if (type.group === RBAC_GROUP) problems.push(...validateRbacObject(type.resource, object, old));
  if (type.group === EMBEDDED_GROUP) problems.push(...validateEmbeddedObject(type.resource, object));
  return problems;
}
