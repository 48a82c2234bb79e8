import { create } from "@bufbuild/protobuf";
import { Code, ConnectError, type HandlerContext } from "@connectrpc/connect";
import { CreateRoleResponseSchema, type CreateRoleRequest, type CreateRoleResponse } from "../../../gen/kargo/api/v1/rbac_service_pb.js";
import { accessCheckKey } from "../../auth/authorization/access-check-context.js";
import { RESOURCES } from "../../kube/index.js";
import { assertKargoRulesHeld, loadRoleObjects, roleMessage } from "../../rbac/index.js";
import type { RbacDeps } from "./rbac-deps.js";
import { requireRole, roleRules } from "./role-request.js";
import { roleBindingObject, roleObject, serviceAccountObject } from "./role-writes.js";

/**
 * RbacService.CreateRole (docs/api-behaviour.md, RbacService): creates the ServiceAccount (managed, claims,
 * description), the RoleBinding and the Role of one name in the project, after the escalation
 * check on the normalised rules. ALREADY_EXISTS when any of the three exists. A failure part way
 * removes what this call created, so a retry does not meet a half-made role.
 */
export function createRole(deps: RbacDeps) {
  return async function createRole(request: CreateRoleRequest, context: HandlerContext): Promise<CreateRoleResponse> {
    const { role, project, name } = await requireRole(deps, request.role);
    const rules = await roleRules(deps, role);
    const groupOf = deps.resourceGroups.groupOf;

    await assertNotTaken(deps, project, name);
    await assertKargoRulesHeld(context.values.get(accessCheckKey), project, rules, groupOf, "role.rules");

    const created: [typeof RESOURCES.serviceaccounts, string][] = [];
    try {
      await deps.kube.create(RESOURCES.serviceaccounts, serviceAccountObject(project, name, role), { signal: context.signal });
      created.push([RESOURCES.serviceaccounts, name]);
      await deps.kube.create(RESOURCES.rolebindings, roleBindingObject(project, name), { signal: context.signal });
      created.push([RESOURCES.rolebindings, name]);
      await deps.kube.create(RESOURCES.roles, roleObject(project, name, rules), { signal: context.signal });
    } catch (error) {
      for (const [type, object] of created.reverse()) {
        await deps.kube.delete(type, { namespace: project, name: object }).catch(() => undefined);
      }
      throw error;
    }
    const objects = await loadRoleObjects(deps, project, name);
    return create(CreateRoleResponseSchema, { role: await roleMessage(objects, groupOf) });
  };
}

/** ALREADY_EXISTS when the ServiceAccount, Role or RoleBinding of that name exists. */
async function assertNotTaken(deps: RbacDeps, project: string, name: string): Promise<void> {
  for (const type of [RESOURCES.serviceaccounts, RESOURCES.roles, RESOURCES.rolebindings]) {
    const cache = deps.caches.cache(type);
    await cache.synced;
    if (cache.get(project, name) !== undefined) {
      throw new ConnectError(`role "${name}" already exists in project "${project}" (a ${type.noun} of that name exists)`, Code.AlreadyExists);
    }
  }
}
