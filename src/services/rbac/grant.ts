import { create } from "@bufbuild/protobuf";
import type { HandlerContext } from "@connectrpc/connect";
import { GrantResponseSchema, type GrantRequest, type GrantResponse } from "../../../gen/kargo/api/v1/rbac_service_pb.js";
import { accessCheckKey } from "../../auth/authorization/access-check-context.js";
import { assertManageable, assertKargoRulesHeld, claimMapOf, claimsOf, loadRoleObjects, normalizeRules, roleMessage, rulesOf } from "../../rbac/index.js";
import { requireField, requireProject } from "../common/index.js";
import type { RbacDeps } from "./rbac-deps.js";
import { requireClaims, requireGrantOrRevoke, requireResourceDetails } from "./role-request.js";
import { writeRoleClaims, writeRoleRules } from "./role-writes.js";

/**
 * RbacService.Grant (docs/api-behaviour.md, RbacService) on a managed role:
 * - user_claims: merges claim values into the ServiceAccount's claims. Mapping a user to the role
 *   confers all its permissions, so the caller must hold every one of them;
 * - resource_details: adds verbs on a resource (group from discovery, `*` = all verbs, with
 *   `promote` on stages); the caller must hold each; rules re-normalised and stored.
 */
export function grant(deps: RbacDeps) {
  return async function grant(request: GrantRequest, context: HandlerContext): Promise<GrantResponse> {
    const project = await requireProject(deps, request.project);
    const name = requireField(request.role, "role");
    const what = requireGrantOrRevoke(request.request);
    const groupOf = deps.resourceGroups.groupOf;
    const check = context.values.get(accessCheckKey);
    const objects = await loadRoleObjects(deps, project, name);
    assertManageable(objects);

    if (what.case === "userClaims") {
      requireClaims(what.value.claims);
      await assertKargoRulesHeld(check, project, rulesOf(objects), groupOf);
      const claims = claimsOf(objects.serviceAccount.metadata.annotations);
      for (const [claim, values] of claimMapOf(what.value.claims)) {
        const set = claims.get(claim) ?? new Set<string>();
        for (const value of values) set.add(value);
        claims.set(claim, set);
      }
      await writeRoleClaims(deps.kube, objects, claims, context.signal);
    } else {
      const details = requireResourceDetails(what.value);
      const group = await groupOf(details.resource, "resource_details.resource_type");
      const rule = { apiGroups: [group], resources: [details.resource], resourceNames: details.name === undefined ? [] : [details.name], verbs: details.verbs };
      await assertKargoRulesHeld(check, project, [rule], groupOf, "resource_details");
      const rules = await normalizeRules([...rulesOf(objects), rule], { customVerbs: true, field: "rules", groupOf });
      await writeRoleRules(deps.kube, objects, rules, context.signal);
    }
    return create(GrantResponseSchema, { role: await roleMessage(await loadRoleObjects(deps, project, name), groupOf) });
  };
}
