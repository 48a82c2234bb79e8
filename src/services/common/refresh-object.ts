import type { KubeCaches, KubeClient, KubeObject, ResourceType } from "../../kube/index.js";
import { getForWrite } from "./get-cached-or-not-found.js";
import { REFRESH_ANNOTATION } from "../../domain/well-known-keys.js";
import { refreshToken } from "../../domain/refresh-token.js";

/** What {@link refreshObject} read and wrote. */
export interface RefreshedObject {
  /** The object before the refresh. */
  readonly stored: KubeObject;
  /** The object as the API answered the patch. */
  readonly refreshed: KubeObject;
  /** The merge patch that set the token: for refreshing related objects with the same one. */
  readonly patch: { metadata: { annotations: Record<string, string> } };
}

/**
 * The write of the Refresh* RPCs: merge-patches `kargo.akuity.io/refresh` on one object with a
 * fresh token (refreshToken: never the stored value, so no refresh is lost); NOT_FOUND naming the
 * object when it does not exist (getForWrite). `namespace` undefined for cluster-scoped types.
 */
export async function refreshObject(
  deps: { caches: KubeCaches; kube: KubeClient },
  type: ResourceType,
  namespace: string | undefined,
  name: string,
  signal: AbortSignal,
): Promise<RefreshedObject> {
  const stored = await getForWrite(deps, type, namespace, name, signal);
  const patch = { metadata: { annotations: { [REFRESH_ANNOTATION]: refreshToken(stored.metadata.annotations?.[REFRESH_ANNOTATION]) } } };
  const refreshed = await deps.kube.mergePatch(type, namespace === undefined ? { name } : { namespace, name }, patch, { signal });
  return { stored, refreshed, patch };
}
