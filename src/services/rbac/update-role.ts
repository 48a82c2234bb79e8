import { create } from "@bufbuild/protobuf";
import type { HandlerContext } from "@connectrpc/connect";
import { UpdateRoleResponseSchema, type UpdateRoleRequest, type UpdateRoleResponse } from "../../../gen/kargo/api/v1/rbac_service_pb.js";
import { accessCheckKey } from "../../auth/authorization/access-check-context.js";
import { RESOURCES } from "../../kube/index.js";
import { assertManageable, assertKargoRulesHeld, loadRoleObjects, roleMessage } from "../../rbac/index.js";
import type { RbacDeps } from "./rbac-deps.js";
import { requireRole, roleRules } from "./role-request.js";
import { roleAnnotationsPatch, writeRoleRules } from "./role-writes.js";

/**
 * RbacService.UpdateRole (docs/api-behaviour.md, RbacService): replaces the claims (rewritten in the JSON
 * annotation, legacy annotations removed), the description and the rules of a managed role. The
 * escalation check covers the whole new rule set and runs before any write. NOT_FOUND when the
 * role is missing; FAILED_PRECONDITION when Kargo does not manage it.
 */
export function updateRole(deps: RbacDeps) {
  return async function updateRole(request: UpdateRoleRequest, context: HandlerContext): Promise<UpdateRoleResponse> {
    const { role, project, name } = await requireRole(deps, request.role);
    const objects = await loadRoleObjects(deps, project, name);
    assertManageable(objects);
    const rules = await roleRules(deps, role);
    const groupOf = deps.resourceGroups.groupOf;
    await assertKargoRulesHeld(context.values.get(accessCheckKey), project, rules, groupOf, "role.rules");

    const sa = objects.serviceAccount;
    await deps.kube.mergePatch(
      RESOURCES.serviceaccounts,
      { namespace: project, name },
      { metadata: { annotations: roleAnnotationsPatch(role, sa.metadata.annotations) } },
      { signal: context.signal, resourceVersion: sa.metadata.resourceVersion },
    );
    await writeRoleRules(deps.kube, objects, rules, context.signal);
    return create(UpdateRoleResponseSchema, { role: await roleMessage(await loadRoleObjects(deps, project, name), groupOf) });
  };
}
