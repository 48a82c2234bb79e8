import { v7 as timeOrderedUuid } from "uuid";
import { StoreError } from "./store-error.js";
import { rfc3339Now } from "./rfc3339-now.js";
import type { KubeObject, ResourceTypeInfo } from "./types.js";
import { cloneJson } from "../../util/clone-json.js";

/**
 * The object a create stores, minus name generation and resourceVersion (the caller assigns
 * those): a copy with the fields the API server owns set as Kubernetes sets them.
 */
export function prepareCreate(type: ResourceTypeInfo, input: KubeObject, now: Date = new Date()): KubeObject {
  const object = cloneJson(input);
  const metadata = (object.metadata ??= {});
  const details = { group: type.group, resource: type.resource, kind: object.kind, name: metadata.name };
  if (type.namespaced && !metadata.namespace) {
    throw new StoreError("BadRequest", `${type.resource} must be created in a namespace`, details);
  }
  if (!type.namespaced) {
    // Kubernetes clears the namespace of cluster-scoped objects rather than rejecting it.
    delete metadata.namespace;
  }
  if (!metadata.name && !metadata.generateName) {
    throw new StoreError("Invalid", `${type.resource}: metadata.name or metadata.generateName is required`, {
      ...details,
      field: "metadata.name",
    });
  }
  if (metadata.resourceVersion) {
    // Same rule and message as the Kubernetes API server: a create names no prior version.
    throw new StoreError("BadRequest", "resourceVersion should not be set on objects to be created", details);
  }
  delete metadata.deletionTimestamp;
  delete metadata.deletionGracePeriodSeconds;
  // Time-ordered (RFC 9562 version 7), not random (v4): consecutive creates land on the same leaf
  // of the uid index, so a group commit writes a few index pages instead of one random page per
  // object (bench/README.md, scenario 5). Clients treat uids as opaque; the creation time they
  // reveal is already in creationTimestamp.
  metadata.uid = timeOrderedUuid();
  metadata.creationTimestamp = rfc3339Now(now);
  metadata.generation = 1;
  if (type.hasStatus) {
    // Kubernetes: "create cannot set status" when the status subresource is enabled; status is
    // written by controllers through the subresource.
    delete object.status;
  }
  if (type.group === "" && type.resource === "namespaces") {
    // What the Namespace strategy does on create.
    object.status = { phase: "Active" };
  }
  return object;
}
