import { Code, ConnectError } from "@connectrpc/connect";
import { describeAccess, type AccessAttributes } from "../../auth/authorization/access-attributes.js";
import { EMBEDDED_GROUP } from "../../domain/kind-catalogue.js";
import { assertClusterAdmin } from "../../rbac/escalation/index.js";
import { LEGACY_CLAIM_ANNOTATION_PREFIX, RBAC_CLAIMS_ANNOTATION, SERVICE_ACCOUNT_NAME_ANNOTATION, SERVICE_ACCOUNT_TOKEN_TYPE } from "../../rbac/index.js";
import type { ApplyCall } from "./apply-call.js";
import { assertBindingAllowed, assertRoleAllowed, assertServiceAccountPowersHeld } from "./assert-no-rbac-escalation.js";
import type { ManifestObject } from "./manifest-object.js";

const KARGO = "kargo.akuity.io";
const RBAC = "rbac.authorization.k8s.io";

/** The review of `verb` on one manifest object: its own kind, namespace and (except create) name. */
export function accessFor(object: ManifestObject, verb: string): AccessAttributes {
  return {
    verb,
    group: object.type.group,
    resource: object.type.resource,
    ...(object.namespace !== undefined ? { namespace: object.namespace } : {}),
    // Kubernetes reviews a create without a name: the URL has none, so resourceNames cannot limit it.
    ...(verb !== "create" && object.name !== "" ? { name: object.name } : {}),
  };
}

/** True when the caller may `verb` the object (one access review, the same path as the typed RPCs). */
export function mayDo(call: ApplyCall, object: ManifestObject, verb: string): Promise<boolean> {
  return call.check(accessFor(object, verb));
}

/** PERMISSION_DENIED naming what was asked, worded as the authorization interceptor words it. */
export function denied(object: ManifestObject, verb: string): ConnectError {
  return new ConnectError(`permission denied: not permitted to ${describeAccess(accessFor(object, verb))}`, Code.PermissionDenied);
}

/**
 * The checks a typed RPC would make beyond the write itself, for an object about to be created or
 * replaced, so that the generic ResourceService goes through the same checks per object:
 * - Promotion: `promote` on its Stage (as PromoteToStage); `spec.stage` is required for that;
 * - Role, ClusterRole: the caller holds every rule (or `escalate` on it);
 * - RoleBinding, ClusterRoleBinding: `bind` on the role, or the caller holds its rules;
 * - ServiceAccount with claims annotations: claims map users onto it, so the caller must hold
 *   what it holds; likewise a ServiceAccount token Secret, which is a credential of the account;
 * - CustomPromotionStep: cluster-admin rights (its command runs as the server's own process).
 * Admins pass (their reviews allow everything), without reading RBAC objects for nothing.
 */
export async function assertSideChecks(call: ApplyCall, object: ManifestObject): Promise<void> {
  if (call.identity?.kind === "admin") return;
  const { group, kind } = object.type;
  const body = object.object;
  if (group === KARGO && kind === "Promotion") {
    const stage = stringAt(body, "spec", "stage");
    if (stage === "") throw new ConnectError(`${object.label}: promotion spec.stage should not be empty`, Code.InvalidArgument);
    const promote: AccessAttributes = { verb: "promote", group: KARGO, resource: "stages", namespace: object.namespace ?? "", name: stage };
    if (!(await call.check(promote))) throw new ConnectError(`permission denied: not permitted to ${describeAccess(promote)}`, Code.PermissionDenied);
    return;
  }
  if (group === EMBEDDED_GROUP && kind === "CustomPromotionStep")
    return assertClusterAdmin(call.check, `custom promotion step "${object.name}" (its command runs on the server)`);
  if (group === RBAC && (kind === "Role" || kind === "ClusterRole")) return assertRoleAllowed(call, object);
  if (group === RBAC && (kind === "RoleBinding" || kind === "ClusterRoleBinding")) return assertBindingAllowed(call, object);
  if (group === "" && kind === "ServiceAccount") {
    const annotations = body.metadata.annotations ?? {};
    const mapsClaims = Object.keys(annotations).some((a) => a === RBAC_CLAIMS_ANNOTATION || a.startsWith(LEGACY_CLAIM_ANNOTATION_PREFIX));
    if (mapsClaims) await assertServiceAccountPowersHeld(call, object.namespace ?? "", object.name, `service account "${object.name}"`);
    return;
  }
  if (group === "" && kind === "Secret" && body["type"] === SERVICE_ACCOUNT_TOKEN_TYPE) {
    const account = body.metadata.annotations?.[SERVICE_ACCOUNT_NAME_ANNOTATION] ?? "";
    if (account !== "")
      await assertServiceAccountPowersHeld(call, object.namespace ?? "", account, `token secret "${object.name}" of service account "${account}"`);
  }
}

function stringAt(object: Record<string, unknown>, ...path: string[]): string {
  let value: unknown = object;
  for (const key of path) value = typeof value === "object" && value !== null ? (value as Record<string, unknown>)[key] : undefined;
  return typeof value === "string" ? value.trim() : "";
}
