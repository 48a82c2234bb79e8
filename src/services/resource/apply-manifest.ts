import { Code, ConnectError, type HandlerContext } from "@connectrpc/connect";
import type { ResourceResult } from "../../../gen/kargo/api/v1/resource_service_pb.js";
import { accessCheckKey } from "../../auth/authorization/access-check-context.js";
import { identityKey } from "../../auth/identity-context.js";
import { roleKey, type ApplyCall, type ResourceServiceDeps } from "./apply-call.js";
import type { PolicyRuleJson } from "../../rbac/index.js";
import { applyObject, type Operation } from "./apply-object.js";
import { identifyObject, isObjectProblem, type ManifestObject, type ObjectIdentity, type ObjectProblem } from "./manifest-object.js";
import { refuseInvalidObject } from "./refuse-invalid-object.js";
import { errorResult } from "./resource-result.js";
import { formatDuration } from "../../config/parse-duration.js";

/**
 * The body of every ResourceService RPC: parse the manifest (INVALID_ARGUMENT for the whole call
 * only when it does not parse), check and resolve each object, order them, then apply them one by
 * one — sequentially, since later objects depend on earlier ones (a Project's namespace, a Role
 * before its binding) — with one result per object in processing order. A failing object never
 * stops the others; the RPC itself fails only when the manifest is unreadable or the call is
 * cancelled. The call has `limits.timeoutMs` (MANIFEST_TIMEOUT) for reading and applying: a
 * manifest not read by then is DEADLINE_EXCEEDED (manifest-parser.ts); when applying, the object in
 * progress then finishes, every object after it is reported `deadline_exceeded` unwritten, so the
 * caller learns exactly what was and was not applied.
 */
export async function applyManifest(deps: ResourceServiceDeps, manifest: Uint8Array, operation: Operation, context: HandlerContext): Promise<ResourceResult[]> {
  const deadline = performance.now() + deps.limits.timeoutMs;
  const documents = await deps.parser.parse(manifest, deps.limits, { signal: context.signal, deadline });
  const allowGenerateName = operation === "create" || operation === "createOrUpdate";
  const identified = await Promise.all(documents.map((d) => identifyObject(d, deps.resolver, allowGenerateName)));
  // Every object is validated before the first is written (a delete writes no object).
  const items = operation === "delete" ? identified : identified.map((item) => refuseInvalidObject(item, operation));
  const call: ApplyCall = {
    deps,
    check: context.values.get(accessCheckKey),
    identity: context.values.get(identityKey),
    signal: context.signal,
    manifestRoles: rolesOf(items),
    projectsCreated: new Map(),
    projectsDeleted: new Set(),
    namespacesReady: new Map(),
  };
  const results: ResourceResult[] = [];
  for (const item of processingOrder(items, operation)) {
    if (context.signal.aborted) throw new ConnectError("the request was cancelled", Code.Canceled);
    if (performance.now() >= deadline) {
      const message = `${item.label}: not applied: the call used its ${formatDuration(deps.limits.timeoutMs)} for applying objects`;
      results.push(errorResult(item.identity, new ConnectError(message, Code.DeadlineExceeded)));
      continue;
    }
    if (isObjectProblem(item)) {
      results.push(errorResult(item.identity, item.error));
      continue;
    }
    if (!deps.secretManagementEnabled && item.type.group === "" && item.type.kind === "Secret") {
      results.push(errorResult(item.identity, new ConnectError(`${item.label}: secret management is not enabled`, Code.Unimplemented)));
      continue;
    }
    try {
      results.push(await applyObject[operation](call, item));
    } catch (error) {
      if (context.signal.aborted) throw new ConnectError("the request was cancelled", Code.Canceled, undefined, undefined, error);
      results.push(errorResult(item.identity, error));
    }
  }
  return results;
}

/**
 * Namespaces, then Projects, then everything else in manifest order on create and update; the
 * reverse ranks on delete (Kargo's order for Projects). Namespaces come before Projects
 * because a pre-created namespace must carry the project label before its Project is admitted.
 * The sort is stable, so objects of one rank keep their manifest order.
 */
export function processingOrder<T extends { identity: ObjectIdentity }>(items: readonly T[], operation: Operation): T[] {
  const rank = ({ identity }: T) => {
    const base = identity.group === "" && identity.kind === "Namespace" ? 0 : identity.group === "kargo.akuity.io" && identity.kind === "Project" ? 1 : 2;
    return operation === "delete" ? 2 - base : base;
  };
  return items
    .map((item, index) => ({ item, index, rank: rank(item) }))
    .sort((a, b) => a.rank - b.rank || a.index - b.index)
    .map((e) => e.item);
}

function rolesOf(items: readonly (ManifestObject | ObjectProblem)[]): Map<string, readonly PolicyRuleJson[]> {
  const roles = new Map<string, readonly PolicyRuleJson[]>();
  for (const item of items) {
    if (isObjectProblem(item) || item.type.group !== "rbac.authorization.k8s.io") continue;
    if (item.type.kind !== "Role" && item.type.kind !== "ClusterRole") continue;
    const rules = Array.isArray(item.object["rules"]) ? (item.object["rules"] as PolicyRuleJson[]) : [];
    roles.set(roleKey(item.type.kind, item.namespace, item.name), rules);
  }
  return roles;
}
