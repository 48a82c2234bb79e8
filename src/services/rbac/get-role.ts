import { create, toJson } from "@bufbuild/protobuf";
import { Code, ConnectError, type HandlerContext } from "@connectrpc/connect";
import { stringify } from "yaml";
import { RawFormat } from "../../../gen/kargo/api/v1/common_pb.js";
import { GetRoleResponseSchema, type GetRoleRequest, type GetRoleResponse } from "../../../gen/kargo/api/v1/rbac_service_pb.js";
import { RoleSchema } from "../../../gen/kargo/api/v1/role_pb.js";
import { loadRoleObjects, roleMessage, roleResourcesMessage } from "../../rbac/index.js";
import { requireField } from "../common/index.js";
import type { RbacDeps } from "./rbac-deps.js";
import { assertSystemRole, roleScope } from "./role-namespace.js";

const encoder = new TextEncoder();

/**
 * RbacService.GetRole (docs/api-behaviour.md, RbacService): the role, or with as_resources its Kubernetes
 * objects; with a raw format the same as JSON or YAML. NOT_FOUND when the ServiceAccount is
 * missing (system level: or is not labelled a system role).
 */
export function getRole(deps: RbacDeps) {
  return async function getRole(request: GetRoleRequest, _context: HandlerContext): Promise<GetRoleResponse> {
    const scope = await roleScope(deps, request);
    const name = requireField(request.name, "name");
    const objects = await loadRoleObjects(deps, scope.namespace, name, scope.noun);
    assertSystemRole(scope, objects.serviceAccount, name);
    if (request.asResources) {
      const resources = roleResourcesMessage(objects);
      if (request.format === RawFormat.UNSPECIFIED) return create(GetRoleResponseSchema, { result: { case: "resources", value: resources } });
      // The raw form of the objects: each one as the Kubernetes JSON it is, not base64 of bytes.
      const decode = (bytes: Uint8Array) => JSON.parse(new TextDecoder().decode(bytes)) as unknown;
      const raw = {
        serviceAccount: decode(resources.serviceAccount),
        roles: resources.roles.map(decode),
        clusterRoles: resources.clusterRoles.map(decode),
        roleBindings: resources.roleBindings.map(decode),
      };
      return create(GetRoleResponseSchema, { result: { case: "raw", value: serialize(raw, request.format) } });
    }
    const role = await roleMessage(objects, deps.resourceGroups.groupOf);
    if (request.format === RawFormat.UNSPECIFIED) return create(GetRoleResponseSchema, { result: { case: "role", value: role } });
    return create(GetRoleResponseSchema, { result: { case: "raw", value: serialize(toJson(RoleSchema, role), request.format) } });
  };
}

function serialize(value: unknown, format: RawFormat): Uint8Array {
  switch (format) {
    case RawFormat.JSON:
      return encoder.encode(JSON.stringify(value));
    case RawFormat.YAML:
      return encoder.encode(stringify(value));
    default:
      throw new ConnectError(`format: ${format} is not a raw format`, Code.InvalidArgument);
  }
}
