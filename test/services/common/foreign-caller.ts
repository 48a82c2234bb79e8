import { RbacService } from "../../../gen/kargo/api/v1/rbac_service_pb.js";
import type { KargoStack } from "../../support/use-kargo-stack.js";
import { createProject } from "../rbac/rbac-fixtures.js";

/**
 * A bearer token of a caller who is admin of project `home` (a fresh project, its default roles
 * made by admission) and of nothing else: an API token of `home`'s kargo-admin role. For the
 * PERMISSION_DENIED tests of "a caller of another project", and of a caller without cluster-wide
 * rights for cluster-scoped kinds.
 */
export async function foreignProjectAdminToken(stack: KargoStack, home: string): Promise<string> {
  await createProject(stack, home);
  const { token } = await stack.client(RbacService).createAPIToken({ project: home, roleName: "kargo-admin", name: `${home}-admin` });
  return token!.token;
}
