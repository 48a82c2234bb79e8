import { create } from "@bufbuild/protobuf";
import type { HandlerContext } from "@connectrpc/connect";
import { RevokeResponseSchema, type RevokeRequest, type RevokeResponse } from "../../../gen/kargo/api/v1/rbac_service_pb.js";
import {
  assertManageable,
  claimMapOf,
  claimsOf,
  expandVerbs,
  loadRoleObjects,
  normalizeRules,
  roleMessage,
  rulesOf,
  type NormalizedRule,
} from "../../rbac/index.js";
import { requireField, requireProject } from "../common/index.js";
import type { RbacDeps } from "./rbac-deps.js";
import { requireClaims, requireGrantOrRevoke, requireResourceDetails } from "./role-request.js";
import { writeRoleClaims, writeRoleRules } from "./role-writes.js";

/**
 * RbacService.Revoke (docs/api-behaviour.md, RbacService) on a managed role — taking away needs no
 * escalation check:
 * - user_claims: removes the values; claims left without values are dropped;
 * - resource_details: removes the verbs (`*` = every verb, custom ones included) from the rules on
 *   that resource (of the discovered group); a resource_name limits it to rules on that name, an
 *   empty one matches named and unnamed rules; rules left without verbs are dropped. A role
 *   without a Role object has nothing to revoke.
 */
export function revoke(deps: RbacDeps) {
  return async function revoke(request: RevokeRequest, context: HandlerContext): Promise<RevokeResponse> {
    const project = await requireProject(deps, request.project);
    const name = requireField(request.role, "role");
    const what = requireGrantOrRevoke(request.request);
    const groupOf = deps.resourceGroups.groupOf;
    const objects = await loadRoleObjects(deps, project, name);
    assertManageable(objects);

    if (what.case === "userClaims") {
      requireClaims(what.value.claims);
      const claims = claimsOf(objects.serviceAccount.metadata.annotations);
      for (const [claim, values] of claimMapOf(what.value.claims)) {
        const set = claims.get(claim);
        if (set === undefined) continue;
        for (const value of values) set.delete(value);
        if (set.size === 0) claims.delete(claim);
      }
      await writeRoleClaims(deps.kube, objects, claims, context.signal);
    } else {
      const details = requireResourceDetails(what.value);
      const group = await groupOf(details.resource, "resource_details.resource_type");
      if (objects.roles.length > 0) {
        const removed = new Set(expandVerbs(details.verbs, group, details.resource, true));
        const current = await normalizeRules(rulesOf(objects), { customVerbs: true, field: "rules", groupOf });
        const kept: NormalizedRule[] = [];
        for (const rule of current) {
          const matches =
            rule.apiGroups[0] === group && rule.resources[0] === details.resource && (details.name === undefined || rule.resourceNames?.[0] === details.name);
          const verbs = matches ? rule.verbs.filter((v) => !removed.has(v)) : rule.verbs;
          if (verbs.length > 0) kept.push({ ...rule, verbs });
        }
        await writeRoleRules(deps.kube, objects, kept, context.signal);
      }
    }
    return create(RevokeResponseSchema, { role: await roleMessage(await loadRoleObjects(deps, project, name), groupOf) });
  };
}
