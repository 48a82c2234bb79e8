import type { KubeObject } from "../store/types.js";
import { notFound } from "./api-error.js";
import type { ApiDeps, ResourceRequest } from "./api-context.js";
import { validateOrThrow } from "./validate-or-throw.js";

/**
 * The write half shared by PUT and PATCH: the object must exist, admission, validation and the
 * RBAC escalation check run on the object as it will be stored, then the store replaces it (main
 * resource or status).
 */
export async function storeUpdate(deps: ApiDeps, request: ResourceRequest, object: KubeObject, dryRun: boolean): Promise<KubeObject> {
  const { type, path } = request;
  const namespace = type.namespaced ? path.namespace : undefined;
  const old = deps.store.get(type, namespace, path.name!);
  if (!old) throw notFound(type, path.name!);
  // A status write only changes status, so what gets validated is the old object with the new
  // status; admission (defaults, token Secrets) concerns the main resource only.
  if (path.subresource === "status") {
    validateOrThrow(deps, type, { ...old, status: object["status"] }, old);
    return deps.store.update(type, object, { dryRun, subresource: "status" });
  }
  const context = { user: request.user, dryRun };
  const admitted = await deps.admit(type, object, old, context);
  validateOrThrow(deps, type, admitted, old);
  await deps.admission?.validate(type, admitted, old, context);
  deps.preventEscalation(request.user, type, admitted);
  const updated = deps.store.update(type, admitted, { dryRun });
  return (dryRun ? undefined : await deps.admission?.afterWrite(type, updated, old, context)) ?? updated;
}
