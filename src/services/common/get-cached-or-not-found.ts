import { Code, ConnectError } from "@connectrpc/connect";
import { describeTarget, errorTargetOf, type KubeCaches, type KubeClient, type KubeObject, type ResourceCache, type ResourceType } from "../../kube/index.js";

/**
 * One object from an informer cache (awaiting its first sync), or NOT_FOUND naming it:
 * `stage "prod" not found in project "demo"`. `namespace` is ignored for cluster-scoped types.
 * The object is the cache's frozen copy: read it, copy what you change.
 */
export async function getCachedOrNotFound(cache: ResourceCache, namespace: string | undefined, name: string): Promise<KubeObject> {
  if (!cache.isSynced) await cache.synced;
  const object = cache.get(namespace, name);
  if (object === undefined) {
    const { what, where } = describeTarget(errorTargetOf(cache.type, name, namespace));
    throw new ConnectError(`${what} not found${where}`, Code.NotFound);
  }
  return object;
}

/** Every object of one namespace (all namespaces when undefined) from a synced cache, by name, optionally filtered. */
export async function listCached(cache: ResourceCache, namespace?: string, filter?: (object: KubeObject) => boolean): Promise<readonly KubeObject[]> {
  await cache.synced;
  return cache.list(namespace, filter);
}

/**
 * For write RPCs: the object from the cache, or — on a miss — from one GET (NOT_FOUND naming it
 * when the API has it neither). An object another client created a moment ago may not be in the
 * cache yet; a write should not fail on that lag, while reads stay served from the cache.
 */
export async function getForWrite(
  deps: { caches: KubeCaches; kube: KubeClient },
  type: ResourceType,
  namespace: string | undefined,
  name: string,
  signal?: AbortSignal,
): Promise<KubeObject> {
  const cache = deps.caches.cache(type);
  await cache.synced;
  return cache.get(namespace, name) ?? (await deps.kube.get(type, { name, ...(namespace !== undefined ? { namespace } : {}) }, signal ? { signal } : {}));
}
