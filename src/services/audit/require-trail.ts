import { Code, ConnectError } from "@connectrpc/connect";
import { PROJECT_LABEL } from "../../domain/well-known-keys.js";
import { RESOURCES } from "../../kube/index.js";
import { requireField } from "../common/index.js";
import type { AuditDeps } from "./audit-deps.js";

/**
 * The namespace of the trail a request names: required; NOT_FOUND unless it is a project, a
 * configured Kargo namespace, or has records (the trail of a deleted project stays readable by
 * whoever may still read Events there).
 */
export async function requireTrail(deps: AuditDeps, project: string): Promise<string> {
  const namespace = requireField(project, "project");
  const { kargo } = deps.config;
  if ([kargo.namespace, kargo.sharedResourcesNamespace, kargo.systemResourcesNamespace].includes(namespace)) return namespace;
  const cache = deps.caches.cache(RESOURCES.namespaces);
  await cache.synced;
  if (cache.get(undefined, namespace)?.metadata.labels?.[PROJECT_LABEL] === "true") return namespace;
  if (deps.audit.count(namespace) > 0) return namespace;
  throw new ConnectError(`project "${namespace}" not found (and no audit records for it)`, Code.NotFound);
}
