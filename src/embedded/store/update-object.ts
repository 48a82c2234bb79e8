import { isNamespaceType } from "./is-namespace-type.js";
import { objectKey } from "./object-key.js";
import { notFoundError } from "./not-found-error.js";
import { prepareUpdate } from "./prepare-update.js";
import { removeObject } from "./remove-object.js";
import type { StoreContext } from "./store-context.js";
import type { KubeObject, ResourceTypeInfo, WriteOptions } from "./types.js";

/**
 * ObjectStore.update: the rules are in prepareUpdate. An update that changes nothing writes
 * nothing (same resourceVersion, no event), as in Kubernetes; one that removes the last finalizer
 * of an object being deleted deletes it (a Namespace: once it is also empty).
 */
export function updateObject(context: StoreContext, type: ResourceTypeInfo, input: KubeObject, options: WriteOptions = {}): KubeObject {
  const key = objectKey(type, input.metadata?.namespace, input.metadata?.name ?? "");
  const data = context.objects.get(key);
  if (data === undefined) {
    throw notFoundError(key);
  }
  const stored = JSON.parse(data) as KubeObject;
  const prepared = prepareUpdate(type, stored, input, options);
  if (prepared.unchanged || options.dryRun) {
    return prepared.object;
  }
  context.types.remember(type);
  const previous = { data, object: stored };
  if (prepared.finalized && !isNamespaceType(type)) {
    return removeObject(context, key, prepared.object, previous, "Background");
  }
  context.writer.write([{ type: "MODIFIED", key, object: prepared.object, previous }]);
  if (prepared.finalized) {
    // A Namespace goes only once it is empty too (Kubernetes' namespace controller); the
    // collector checks both and removes it.
    context.collector.checkNamespace(key.name);
  }
  return prepared.object;
}
