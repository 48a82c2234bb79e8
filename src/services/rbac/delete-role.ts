import { create } from "@bufbuild/protobuf";
import { Code, ConnectError, type HandlerContext } from "@connectrpc/connect";
import { DeleteRoleResponseSchema, type DeleteRoleRequest, type DeleteRoleResponse } from "../../../gen/kargo/api/v1/rbac_service_pb.js";
import { RESOURCES, type ResourceType } from "../../kube/index.js";
import { assertManageable, loadRoleObjects } from "../../rbac/index.js";
import { requireField, requireProject } from "../common/index.js";
import { listApiTokenSecrets, tokenOf } from "./api-token-secrets.js";
import type { RbacDeps } from "./rbac-deps.js";

/**
 * RbacService.DeleteRole (docs/api-behaviour.md, RbacService): deletes the Role, the RoleBinding, then the
 * ServiceAccount — whose API token Secrets are owned by it, so Kubernetes' garbage collector (or
 * the embedded control plane's) removes them and the tokens stop working. NOT_FOUND when missing;
 * FAILED_PRECONDITION when Kargo does not manage the role.
 */
export function deleteRole(deps: RbacDeps) {
  return async function deleteRole(request: DeleteRoleRequest, context: HandlerContext): Promise<DeleteRoleResponse> {
    const project = await requireProject(deps, request.project);
    const name = requireField(request.name, "name");
    const objects = await loadRoleObjects(deps, project, name);
    assertManageable(objects);
    const remove = (type: ResourceType, objectName: string) =>
      deps.kube.delete(type, { namespace: project, name: objectName }, { signal: context.signal }).catch((error: unknown) => {
        // Gone meanwhile (a concurrent delete): the outcome asked for.
        if (!(error instanceof ConnectError && error.code === Code.NotFound)) throw error;
      });
    // Read before the ServiceAccount goes (its token Secrets are collected with it) so this
    // server can drop its cached acceptances of those tokens too.
    const tokens = (await listApiTokenSecrets(deps.kube, project, name, context.signal)).map(tokenOf);
    for (const role of objects.roles) await remove(RESOURCES.roles, role.metadata.name!);
    for (const binding of objects.roleBindings) await remove(RESOURCES.rolebindings, binding.metadata.name!);
    // Background propagation: the token Secrets it owns go with it.
    await deps.kube
      .delete(RESOURCES.serviceaccounts, { namespace: project, name }, { signal: context.signal, propagationPolicy: "Background" })
      .catch((error: unknown) => {
        if (!(error instanceof ConnectError && error.code === Code.NotFound)) throw error;
      });
    for (const token of tokens) if (token !== undefined) deps.forgetToken?.(token);
    return create(DeleteRoleResponseSchema, {});
  };
}
