import { objectKey } from "./object-key.js";
import { isNamespaceType } from "./is-namespace-type.js";
import { notFoundError } from "./not-found-error.js";
import { removeObject } from "./remove-object.js";
import { rfc3339Now } from "./rfc3339-now.js";
import type { StoreContext } from "./store-context.js";
import { StoreError } from "./store-error.js";
import type { DeleteOptions, KubeObject, ResourceTypeInfo } from "./types.js";
import { cloneJson } from "../../util/clone-json.js";

/**
 * ObjectStore.delete. An object with finalizers is only marked (deletionTimestamp, grace period 0,
 * a MODIFIED event) and returned; whoever owns the finalizers removes them, and the update that
 * removes the last one deletes it. A Namespace is always marked first (phase Terminating): the
 * garbage collector deletes its contents, then the namespace.
 */
export function deleteObject(
  context: StoreContext,
  type: ResourceTypeInfo,
  namespace: string | undefined,
  name: string,
  options: DeleteOptions = {},
): KubeObject {
  const key = objectKey(type, namespace, name);
  const data = context.objects.get(key);
  if (data === undefined) {
    throw notFoundError(key);
  }
  const stored = JSON.parse(data) as KubeObject;
  checkPreconditions(type, stored, options);
  const namespaceDeletion = isNamespaceType(type);
  if (!namespaceDeletion && !stored.metadata.finalizers?.length) {
    if (options.dryRun) {
      return stored;
    }
    return removeObject(context, key, cloneJson(stored), { data, object: stored }, options.propagationPolicy);
  }
  if (stored.metadata.deletionTimestamp !== undefined) {
    // Already being deleted: Kubernetes answers with the object and changes nothing.
    return stored;
  }
  const marked = cloneJson(stored);
  marked.metadata.deletionTimestamp = rfc3339Now();
  marked.metadata.deletionGracePeriodSeconds = 0;
  if ((marked.metadata.generation ?? 0) > 0) {
    // Kubernetes bumps generation when deletion begins: the object's desired state changed
    // (it is going away), and controllers watching generation must notice.
    marked.metadata.generation! += 1;
  }
  if (namespaceDeletion) {
    marked.status = { ...(marked.status as object | undefined), phase: "Terminating" };
  }
  if (options.dryRun) {
    return marked;
  }
  context.writer.write([{ type: "MODIFIED", key, object: marked, previous: { data, object: stored } }]);
  if (options.propagationPolicy === "Orphan" && marked.metadata.uid !== undefined) {
    // Kubernetes orphans before the owner goes (its "orphan" finalizer); doing it now means the
    // dependents are already free when the last finalizer is removed.
    context.collector.orphanDependents(marked.metadata.uid);
  }
  if (namespaceDeletion) {
    context.collector.checkNamespace(name);
  }
  return marked;
}

function checkPreconditions(type: ResourceTypeInfo, stored: KubeObject, options: DeleteOptions): void {
  const preconditions = options.preconditions ?? {};
  const details = {
    group: type.group,
    resource: type.resource,
    kind: stored.kind,
    name: stored.metadata.name,
    ...(stored.metadata.namespace ? { namespace: stored.metadata.namespace } : {}),
  };
  const what = `${type.group === "" ? type.resource : `${type.resource}.${type.group}`} "${stored.metadata.name}"`;
  if (preconditions.uid !== undefined && preconditions.uid !== stored.metadata.uid) {
    throw new StoreError(
      "Conflict",
      `Operation cannot be fulfilled on ${what}: Precondition failed: UID in precondition: ${preconditions.uid}, UID in object meta: ${stored.metadata.uid}`,
      details,
    );
  }
  if (preconditions.resourceVersion !== undefined && preconditions.resourceVersion !== stored.metadata.resourceVersion) {
    throw new StoreError(
      "Conflict",
      `Operation cannot be fulfilled on ${what}: Precondition failed: ResourceVersion in precondition: ${preconditions.resourceVersion}, ResourceVersion in object meta: ${stored.metadata.resourceVersion}`,
      details,
    );
  }
}
