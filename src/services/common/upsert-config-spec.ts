import type { JsonObject } from "@bufbuild/protobuf";
import { Code, ConnectError } from "@connectrpc/connect";
import { describeTarget, errorTargetOf, type KubeCaches, type KubeClient, type KubeObject, type ResourceType } from "../../kube/index.js";

/** What {@link upsertConfigSpec} writes. */
export interface ConfigSpecUpdate {
  readonly type: ResourceType;
  /** Undefined for a cluster-scoped object. */
  readonly namespace: string | undefined;
  readonly name: string;
  /** The requested spec as Kubernetes JSON. */
  readonly spec: JsonObject;
  /** The spec fields the request's message models: each is replaced, an absent one removed. */
  readonly ownedFields: readonly string[];
  /** "" for an unconditional write; else ABORTED unless the stored object is at this version. */
  readonly resourceVersion: string;
}

/**
 * The write of UpdateProjectConfig and UpdateClusterConfig, singletons that may not exist yet:
 * creates the object with the spec when the cache has none, else one merge patch of the owned
 * spec fields, so spec fields of a newer Kargo, metadata and status survive. A create that loses
 * the race to another writer falls back to the patch. With a resource version, a missing object
 * is ABORTED (a version of an object that does not exist cannot be current).
 */
export async function upsertConfigSpec(deps: { caches: KubeCaches; kube: KubeClient }, update: ConfigSpecUpdate, signal: AbortSignal): Promise<KubeObject> {
  const { type, namespace, name, spec, resourceVersion } = update;
  const ref = { name, ...(namespace !== undefined ? { namespace } : {}) };
  const cache = deps.caches.cache(type);
  await cache.synced;
  if (cache.get(namespace, name) === undefined) {
    if (resourceVersion !== "") {
      const { what, where } = describeTarget(errorTargetOf(type, name, namespace));
      throw new ConnectError(`${what}${where} does not exist at resource_version ${resourceVersion}`, Code.Aborted);
    }
    try {
      return await deps.kube.create(type, { metadata: ref, spec }, { signal });
    } catch (error) {
      if (!(error instanceof ConnectError && error.code === Code.AlreadyExists)) throw error;
    }
  }
  const patch = Object.fromEntries(update.ownedFields.map((field) => [field, spec[field] ?? null]));
  return deps.kube.mergePatch(type, ref, { spec: patch }, { signal, ...(resourceVersion !== "" ? { resourceVersion } : {}) });
}
