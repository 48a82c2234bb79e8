import { create } from "@bufbuild/protobuf";
import { timestampFromDate } from "@bufbuild/protobuf/wkt";
import { ObjectMetaSchema } from "../../gen/kargo/api/v1/metadata_pb.js";
import { ClaimSchema, PolicyRuleSchema, RoleResourcesSchema, RoleSchema, type Role, type RoleResources } from "../../gen/kargo/api/v1/role_pb.js";
import { DESCRIPTION_ANNOTATION } from "../domain/well-known-keys.js";
import { apiVersionOf, RESOURCES, type KubeObject, type ResourceType } from "../kube/index.js";
import { normalizeRules, type RuleInput } from "./normalize-rules.js";
import { claimEntries, claimsOf } from "./role-claims.js";
import { isKargoManaged, rulesOf, type RoleObjects } from "./role-objects.js";

/**
 * The `Role` message of a role: metadata from the ServiceAccount (name,
 * namespace, creation time, only the description annotation), kargoManaged, claims (both
 * annotation formats), and the rules of every bound Role and ClusterRole — normalised for display
 * (no custom verbs added) when Kargo manages the role, as stored otherwise.
 */
export async function roleMessage(objects: RoleObjects, groupOf: (resource: string, field: string) => Promise<string>): Promise<Role> {
  const managed = isKargoManaged(objects);
  const rules: RuleInput[] = managed ? await normalizeRules(rulesOf(objects), { customVerbs: false, field: "rules", groupOf }) : rulesOf(objects);
  const meta = objects.serviceAccount.metadata;
  const description = meta.annotations?.[DESCRIPTION_ANNOTATION];
  return create(RoleSchema, {
    metadata: create(ObjectMetaSchema, {
      name: objects.name,
      namespace: objects.namespace,
      ...(meta.creationTimestamp ? { creationTimestamp: timestampFromDate(new Date(meta.creationTimestamp)) } : {}),
      annotations: description === undefined ? {} : { [DESCRIPTION_ANNOTATION]: description },
    }),
    kargoManaged: managed,
    claims: claimEntries(claimsOf(meta.annotations)).map((c) => create(ClaimSchema, c)),
    rules: rules.map((r) =>
      create(PolicyRuleSchema, {
        verbs: [...(r.verbs ?? [])],
        apiGroups: [...(r.apiGroups ?? [])],
        resources: [...(r.resources ?? [])],
        resourceNames: [...(r.resourceNames ?? [])],
      }),
    ),
  });
}

const encoder = new TextEncoder();

/** An object as JSON bytes with apiVersion and kind set (cached and listed objects may lack them). */
export function objectJson(type: ResourceType, object: KubeObject): Uint8Array {
  const { apiVersion: _a, kind: _k, metadata, ...rest } = object;
  return encoder.encode(JSON.stringify({ apiVersion: apiVersionOf(type), kind: type.kind, metadata, ...rest }));
}

/** The role's objects as the `RoleResources` message (GetRole/ListRoles with as_resources). */
export function roleResourcesMessage(objects: RoleObjects): RoleResources {
  return create(RoleResourcesSchema, {
    serviceAccount: objectJson(RESOURCES.serviceaccounts, objects.serviceAccount),
    roles: objects.roles.map((r) => objectJson(RESOURCES.roles, r)),
    clusterRoles: objects.clusterRoles.map((r) => objectJson(RESOURCES.clusterroles, r)),
    roleBindings: [
      ...objects.roleBindings.map((b) => objectJson(RESOURCES.rolebindings, b)),
      // ClusterRoleBindings naming the ServiceAccount go with the RoleBindings: the message has no
      // field of their own, and leaving them out would hide where a system role's rules come from.
      ...objects.clusterRoleBindings.map((b) => objectJson(RESOURCES.clusterrolebindings, b)),
    ],
  });
}
