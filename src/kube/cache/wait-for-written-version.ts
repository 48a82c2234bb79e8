import type { ResourceType } from "../kargo-resources.js";
import type { KubeObject } from "../kube-object.js";
import type { KubeCaches } from "./kube-caches.js";

/** How long a writer waits at most for its own write to show in the cache (read-your-writes). */
export const READ_YOUR_WRITES_MS = 5000;

/**
 * Read-your-writes after a write: waits (at most `timeoutMs`) until the cache of `type`, if one is
 * started, holds the written object's resourceVersion, so the writer's next read from the cache
 * sees its own write. Nothing to wait for without a started cache or a version (a dry run).
 */
export async function waitForWrittenVersion(
  caches: KubeCaches | undefined,
  type: ResourceType,
  written: unknown,
  timeoutMs = READ_YOUR_WRITES_MS,
): Promise<void> {
  const cache = caches?.peek(type);
  const version = (written as KubeObject | undefined)?.metadata?.resourceVersion;
  if (cache && version) await cache.waitForVersion(version, timeoutMs);
}
