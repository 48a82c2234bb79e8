import type { KubeObject, ObjectMeta } from "../domain/types.js";

/**
 * A Kubernetes object as plain JSON, exactly as the API returned it (the shared definition,
 * src/domain/types.ts). Services read fields they know and keep everything else untouched: writes
 * never round-trip a whole object through a proto message, so unknown fields survive.
 */
export type { KubeObject } from "../domain/types.js";

/** Object metadata: the shared definition (src/domain/types.ts). */
export type KubeObjectMeta = ObjectMeta;

/** A list response: items plus the list's resourceVersion and continue token. */
export interface KubeList {
  items: KubeObject[];
  /** The resourceVersion of the list as a whole: a consistent point to watch from. */
  resourceVersion: string;
  /** Set when the list was cut by `limit`: pass it as `continue` for the next chunk. */
  continue?: string;
}

/** `namespace/name` (or `name` for cluster-scoped objects), the key caches use. */
export function objectKey(object: KubeObject): string {
  const { namespace, name } = object.metadata;
  return namespace ? `${namespace}/${name ?? ""}` : (name ?? "");
}
