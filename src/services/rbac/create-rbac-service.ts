import { RbacService } from "../../../gen/kargo/api/v1/rbac_service_pb.js";
import { createResourceGroups } from "../../rbac/index.js";
import { implement, type ServiceImplementation } from "../../server/service-implementation.js";
import type { ServiceDeps } from "../create-services.js";
import { createAPIToken } from "./create-api-token.js";
import { createRole } from "./create-role.js";
import { deleteAPIToken } from "./delete-api-token.js";
import { deleteRole } from "./delete-role.js";
import { getAPIToken } from "./get-api-token.js";
import { getRole } from "./get-role.js";
import { grant } from "./grant.js";
import { listAPITokens } from "./list-api-tokens.js";
import { listRoles } from "./list-roles.js";
import type { RbacDeps } from "./rbac-deps.js";
import { revoke } from "./revoke.js";
import { updateRole } from "./update-role.js";

/**
 * RbacService, all eleven RPCs: Kargo roles (ServiceAccount + Role + RoleBinding), their claims and
 * rules, and their API tokens. Authorization is the table's (src/auth/authorization); handlers
 * make only the declared handler checks (escalation).
 */
export function createRbacService(services: Pick<ServiceDeps, "config" | "caches" | "kube" | "discovery" | "auth">): ServiceImplementation {
  const deps: RbacDeps = {
    config: services.config,
    caches: services.caches,
    kube: services.kube,
    resourceGroups: createResourceGroups(services.discovery),
    ...(services.auth ? { forgetToken: (token: string) => services.auth!.forgetKubernetesToken(token) } : {}),
  };
  return rbacService(deps);
}

/** RbacService over ready-made {@link RbacDeps}. */
export function rbacService(deps: RbacDeps): ServiceImplementation {
  return implement(RbacService, {
    createRole: createRole(deps),
    getRole: getRole(deps),
    listRoles: listRoles(deps),
    updateRole: updateRole(deps),
    deleteRole: deleteRole(deps),
    grant: grant(deps),
    revoke: revoke(deps),
    createAPIToken: createAPIToken(deps),
    getAPIToken: getAPIToken(deps),
    listAPITokens: listAPITokens(deps),
    deleteAPIToken: deleteAPIToken(deps),
  });
}
