import type { KubeObject } from "../store/types.js";
import { notFound } from "./api-error.js";
import type { ApiDeps, ResourceRequest } from "./api-context.js";
import { validateOrThrow } from "./validate-or-throw.js";

/**
 * The write half shared by PUT and PATCH: the object must exist, admission and validation run on
 * the object as it will be stored, then the store replaces it (main resource or status).
 */
export async function storeUpdate(
  deps: ApiDeps,
  request: ResourceRequest,
  object: KubeObject,
  dryRun: boolean,
): Promise<KubeObject> {
  const { type, path } = request;
  const namespace = type.namespaced ? path.namespace : undefined;
  const old = deps.store.get(type, namespace, path.name!);
  if (!old) throw notFound(type, path.name!);
  const subresource = path.subresource === "status" ? ("status" as const) : undefined;
  // A status write only changes status, so what gets validated is the old object with the new status.
  const effective = subresource ? { ...old, status: object["status"] } : object;
  await deps.admit(type, effective, old);
  validateOrThrow(deps, type, effective);
  return deps.store.update(type, object, { dryRun, ...(subresource ? { subresource } : {}) });
}
