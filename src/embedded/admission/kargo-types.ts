import { requireResourceType, type ResourceType } from "../resources/resource-types.js";

const KARGO = "kargo.akuity.io";
const RBAC = "rbac.authorization.k8s.io";

/** The resource types Kargo's admission reads and writes through the store. */
export const TYPES = {
  projects: requireResourceType(KARGO, "projects"),
  stages: requireResourceType(KARGO, "stages"),
  freights: requireResourceType(KARGO, "freights"),
  promotions: requireResourceType(KARGO, "promotions"),
  promotionTasks: requireResourceType(KARGO, "promotiontasks"),
  clusterPromotionTasks: requireResourceType(KARGO, "clusterpromotiontasks"),
  projectConfigs: requireResourceType(KARGO, "projectconfigs"),
  clusterConfigs: requireResourceType(KARGO, "clusterconfigs"),
  namespaces: requireResourceType("", "namespaces"),
  serviceAccounts: requireResourceType("", "serviceaccounts"),
  events: requireResourceType("", "events"),
  roles: requireResourceType(RBAC, "roles"),
  roleBindings: requireResourceType(RBAC, "rolebindings"),
  clusterRoles: requireResourceType(RBAC, "clusterroles"),
} as const satisfies Record<string, ResourceType>;

/** True when `type` is the Kargo resource `resource`. */
export function isKargo(type: ResourceType, resource: string): boolean {
  return type.group === KARGO && type.resource === resource;
}
