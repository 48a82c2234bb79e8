import { AuditService } from "../../../gen/kargo/api/v1/audit_service_pb.js";
import { AuthService } from "../../../gen/kargo/api/v1/auth_service_pb.js";
import { ClusterConfigService } from "../../../gen/kargo/api/v1/cluster_config_service_pb.js";
import { CredentialsService } from "../../../gen/kargo/api/v1/credentials_service_pb.js";
import { ConfigMapService } from "../../../gen/kargo/api/v1/config_map_service_pb.js";
import { FreightService } from "../../../gen/kargo/api/v1/freight_service_pb.js";
import { ProjectService } from "../../../gen/kargo/api/v1/project_service_pb.js";
import { PromotionService } from "../../../gen/kargo/api/v1/promotion_service_pb.js";
import { PromotionTaskService } from "../../../gen/kargo/api/v1/promotion_task_service_pb.js";
import { RbacService } from "../../../gen/kargo/api/v1/rbac_service_pb.js";
import { ResourceService } from "../../../gen/kargo/api/v1/resource_service_pb.js";
import { StageService } from "../../../gen/kargo/api/v1/stage_service_pb.js";
import { SystemService } from "../../../gen/kargo/api/v1/system_service_pb.js";
import { WarehouseService } from "../../../gen/kargo/api/v1/warehouse_service_pb.js";
import type { AccessCheck, AuthorizationEntry, NamespaceSource } from "./authorization-entry.js";
import { KARGO_GROUP, RBAC_GROUP, ROLLOUTS_GROUP, type KargoResource } from "../../domain/kind-catalogue.js";
import type { AuthorizationTable } from "./authorization-table-type.js";
import { defineServiceRules } from "./define-service-rules.js";

const KARGO = KARGO_GROUP;
const ROLLOUTS = ROLLOUTS_GROUP;
const CORE = "";
const RBAC = RBAC_GROUP;

const PROJECT: NamespaceSource = { field: "project" };
// Credentials: an empty project means the shared-resources namespace; system_level (generic
// credentials) the system-resources namespace (docs/api-behaviour.md, CredentialsService).
const CREDENTIALS: NamespaceSource = { field: "project", whenEmpty: "sharedResources" };
const GENERIC_CREDENTIALS: NamespaceSource = { ...CREDENTIALS, systemLevel: { field: "systemLevel", namespace: "systemResources" } };
// ConfigMaps are scoped as generic credentials are (project, shared, or system level).
const CONFIG_MAPS: NamespaceSource = GENERIC_CREDENTIALS;
// Roles and API tokens: system_level means the Kargo namespace (docs/api-behaviour.md, RbacService).
const ROLE_PROJECT: NamespaceSource = { field: "project", systemLevel: { field: "systemLevel", namespace: "kargo" } };
const ROLE_OBJECT: NamespaceSource = { field: "role.metadata.namespace" };

const exempt: AuthorizationEntry = { kind: "exempt" };
const authenticated: AuthorizationEntry = { kind: "authenticated" };
const perObject: AuthorizationEntry = { kind: "per-object" };

/** A Kargo resource in the request's project; `name` is the request field naming the object. */
function kargo(verb: string, resource: KargoResource, name?: string, extra: Partial<AccessCheck> = {}): AccessCheck {
  return { verb, group: KARGO, resource, namespace: PROJECT, name, ...extra };
}

/** A cluster-scoped Kargo resource (no namespace in the review); `name` as for {@link kargo}. */
function cluster(verb: string, resource: KargoResource, name?: string): AccessCheck {
  return { verb, group: KARGO, resource, name };
}

/** An Argo Rollouts analysis resource: in the request's project, or (no namespace) cluster-scoped. */
function rollouts(verb: string, resource: string, name: string | undefined, namespace: NamespaceSource | undefined): AccessCheck {
  return { verb, group: ROLLOUTS, resource, ...(namespace ? { namespace } : {}), name };
}

function checks(...list: AccessCheck[]): AuthorizationEntry {
  return { kind: "checks", checks: list };
}

/**
 * THE authorization table: one entry per RPC of every service (the type of defineServiceRules makes
 * a missing entry a compile error; test/auth/authorization/authorization-table.test.ts also walks
 * the generated descriptors). Reviews follow Kargo's per-RPC checks with these deliberate changes:
 * - Refresh* need `patch` on the object (Kargo refreshed with its own credentials for anyone: a
 *   refresh writes an annotation, so it takes a write permission);
 * - credentials in the shared namespace are checked for list too (Kargo skipped that check);
 * - Watch* with a name review `watch` on that name only, as Kubernetes does for a name selector.
 */
export const authorizationTable: AuthorizationTable = new Map([
  defineServiceRules(SystemService, {
    getVersionInfo: authenticated,
    getPublicConfig: exempt,
    getConfig: authenticated,
    // Kargo reads the heartbeat Leases with its own identity for any authenticated caller.
    getControllerHeartbeats: authenticated,
  }),
  defineServiceRules(AuthService, {
    adminLogin: exempt,
    whoAmI: authenticated,
  }),
  defineServiceRules(ProjectService, {
    // Projects are cluster-scoped: the reviews carry no namespace; for a named project the mapped
    // ServiceAccounts of that project's namespace are tried first (create-authorizer.ts).
    listProjects: checks({ verb: "list", group: KARGO, resource: "projects" }),
    getProject: checks({ verb: "get", group: KARGO, resource: "projects", name: "name" }),
    createProject: checks({ verb: "create", group: KARGO, resource: "projects" }),
    deleteProject: checks({ verb: "delete", group: KARGO, resource: "projects", name: "name" }),
    // The ProjectConfig of a project is named after it.
    getProjectConfig: checks(kargo("get", "projectconfigs", "project")),
    updateProjectConfig: checks(kargo("update", "projectconfigs", "project")),
    deleteProjectConfig: checks(kargo("delete", "projectconfigs", "project")),
    watchProjectConfig: checks(kargo("watch", "projectconfigs", "project")),
    // Every project at once, as ListProjects: a cluster-wide review.
    watchProjects: checks({ verb: "watch", group: KARGO, resource: "projects" }),
    refreshProjectConfig: checks(kargo("patch", "projectconfigs", "project")),
    listProjectEvents: checks({ verb: "list", group: CORE, resource: "events", namespace: PROJECT }),
    watchProjectEvents: checks({ verb: "watch", group: CORE, resource: "events", namespace: PROJECT }),
  }),
  defineServiceRules(WarehouseService, {
    listWarehouses: checks(kargo("list", "warehouses")),
    getWarehouse: checks(kargo("get", "warehouses", "name")),
    createWarehouse: checks(kargo("create", "warehouses")),
    updateWarehouse: checks(kargo("update", "warehouses", "name")),
    deleteWarehouse: checks(kargo("delete", "warehouses", "name")),
    refreshWarehouse: checks(kargo("patch", "warehouses", "name")),
    watchWarehouses: checks(kargo("watch", "warehouses", "name")),
  }),
  defineServiceRules(StageService, {
    listStages: checks(kargo("list", "stages")),
    getStage: checks(kargo("get", "stages", "name")),
    createStage: checks(kargo("create", "stages")),
    updateStage: checks(kargo("update", "stages", "name")),
    deleteStage: checks(kargo("delete", "stages", "name")),
    refreshStage: checks(kargo("patch", "stages", "name")),
    watchStages: checks(kargo("watch", "stages", "name")),
    reverify: checks(kargo("get", "stages", "stage"), kargo("patch", "stages", "stage")),
    abortVerification: checks(kargo("get", "stages", "stage"), kargo("patch", "stages", "stage")),
    listAnalysisTemplates: checks(rollouts("list", "analysistemplates", undefined, PROJECT)),
    getAnalysisTemplate: checks(rollouts("get", "analysistemplates", "name", PROJECT)),
    deleteAnalysisTemplate: checks(rollouts("delete", "analysistemplates", "name", PROJECT)),
    listClusterAnalysisTemplates: checks(rollouts("list", "clusteranalysistemplates", undefined, undefined)),
    getClusterAnalysisTemplate: checks(rollouts("get", "clusteranalysistemplates", "name", undefined)),
    deleteClusterAnalysisTemplate: checks(rollouts("delete", "clusteranalysistemplates", "name", undefined)),
    // Kargo names the run's namespace `namespace`, not `project`.
    getAnalysisRun: checks(rollouts("get", "analysisruns", "name", { field: "namespace" })),
    getAnalysisRunLogs: checks(rollouts("get", "analysisruns", "name", { field: "namespace" })),
    // Images are folded from every Stage's Freight history.
    listImages: checks(kargo("list", "stages")),
    // Deep links are shown to whoever may read the Stage (the configs' templates are not returned).
    getStageLinks: checks(kargo("get", "stages", "name")),
  }),
  defineServiceRules(FreightService, {
    // By stage, QueryFreight also reads that Stage (and its Warehouses through it); by several
    // stages, any Stage of the project (`list stages`).
    queryFreight: checks(
      kargo("list", "freights"),
      kargo("get", "stages", "stage", { onlyWhen: "stage" }),
      kargo("list", "stages", undefined, { onlyWhen: "stages" }),
    ),
    // An alias is resolved by listing, so without a name the review is for any Freight.
    getFreight: checks(kargo("get", "freights", "name")),
    createFreight: checks(kargo("create", "freights")),
    approveFreight: checks(
      kargo("get", "freights", "name"),
      kargo("promote", "stages", "stage"),
      kargo("patch", "freights", "name", { subresource: "status" }),
    ),
    updateFreightAlias: checks(kargo("patch", "freights", "name")),
    deleteFreight: checks(kargo("delete", "freights", "name")),
    watchFreight: checks(kargo("watch", "freights"), kargo("get", "stages", "stage", { onlyWhen: "stage" })),
    getFreightLinks: checks(kargo("get", "freights", "name")),
  }),
  defineServiceRules(PromotionService, {
    promoteToStage: checks(kargo("get", "stages", "stage"), kargo("promote", "stages", "stage"), kargo("create", "promotions")),
    // The downstream Stages are known only once the handler has read them.
    promoteDownstream: {
      kind: "checks",
      checks: [kargo("get", "stages", "stage"), kargo("list", "stages"), kargo("create", "promotions")],
      handlerChecks: ["promote-each-downstream-stage"],
    },
    listPromotions: checks(kargo("list", "promotions")),
    getPromotion: checks(kargo("get", "promotions", "name")),
    abortPromotion: checks(kargo("get", "promotions", "name"), kargo("patch", "promotions", "name")),
    refreshPromotion: checks(kargo("patch", "promotions", "name")),
    watchPromotions: checks(kargo("watch", "promotions")),
    watchPromotion: checks(kargo("watch", "promotions", "name")),
    // Whoever may promote into the Stage may see what the promotion would do (the same checks
    // but creating a Promotion: a preview creates nothing).
    previewPromotion: checks(kargo("get", "stages", "stage"), kargo("promote", "stages", "stage")),
  }),
  defineServiceRules(CredentialsService, {
    createRepoCredentials: checks({ verb: "create", group: CORE, resource: "secrets", namespace: CREDENTIALS }),
    getRepoCredentials: checks({ verb: "get", group: CORE, resource: "secrets", namespace: CREDENTIALS, name: "name" }),
    listRepoCredentials: checks({ verb: "list", group: CORE, resource: "secrets", namespace: CREDENTIALS }),
    updateRepoCredentials: checks({ verb: "update", group: CORE, resource: "secrets", namespace: CREDENTIALS, name: "name" }),
    deleteRepoCredentials: checks({ verb: "delete", group: CORE, resource: "secrets", namespace: CREDENTIALS, name: "name" }),
    createGenericCredentials: checks({ verb: "create", group: CORE, resource: "secrets", namespace: GENERIC_CREDENTIALS }),
    getGenericCredentials: checks({ verb: "get", group: CORE, resource: "secrets", namespace: GENERIC_CREDENTIALS, name: "name" }),
    listGenericCredentials: checks({ verb: "list", group: CORE, resource: "secrets", namespace: GENERIC_CREDENTIALS }),
    updateGenericCredentials: checks({ verb: "update", group: CORE, resource: "secrets", namespace: GENERIC_CREDENTIALS, name: "name" }),
    deleteGenericCredentials: checks({ verb: "delete", group: CORE, resource: "secrets", namespace: GENERIC_CREDENTIALS, name: "name" }),
  }),
  defineServiceRules(ConfigMapService, {
    createConfigMap: checks({ verb: "create", group: CORE, resource: "configmaps", namespace: CONFIG_MAPS }),
    getConfigMap: checks({ verb: "get", group: CORE, resource: "configmaps", namespace: CONFIG_MAPS, name: "name" }),
    listConfigMaps: checks({ verb: "list", group: CORE, resource: "configmaps", namespace: CONFIG_MAPS }),
    // A JSON merge patch of the named keys and annotations.
    updateConfigMap: checks({ verb: "patch", group: CORE, resource: "configmaps", namespace: CONFIG_MAPS, name: "name" }),
    deleteConfigMap: checks({ verb: "delete", group: CORE, resource: "configmaps", namespace: CONFIG_MAPS, name: "name" }),
  }),
  defineServiceRules(RbacService, {
    // A Kargo Role is the trio ServiceAccount + Role + RoleBinding of one name. Writes that grant
    // permissions also need the escalation check, made by the handler on the normalised rules
    // (src/rbac/escalation).
    createRole: {
      kind: "checks",
      checks: [
        { verb: "create", group: CORE, resource: "serviceaccounts", namespace: ROLE_OBJECT },
        { verb: "create", group: RBAC, resource: "roles", namespace: ROLE_OBJECT },
        { verb: "create", group: RBAC, resource: "rolebindings", namespace: ROLE_OBJECT },
      ],
      handlerChecks: ["escalation"],
    },
    getRole: checks(
      { verb: "get", group: CORE, resource: "serviceaccounts", namespace: ROLE_PROJECT, name: "name" },
      { verb: "list", group: RBAC, resource: "roles", namespace: ROLE_PROJECT },
      { verb: "list", group: RBAC, resource: "rolebindings", namespace: ROLE_PROJECT },
    ),
    listRoles: checks(
      { verb: "list", group: CORE, resource: "serviceaccounts", namespace: ROLE_PROJECT },
      { verb: "list", group: RBAC, resource: "roles", namespace: ROLE_PROJECT },
      { verb: "list", group: RBAC, resource: "rolebindings", namespace: ROLE_PROJECT },
    ),
    updateRole: {
      kind: "checks",
      checks: [
        { verb: "update", group: CORE, resource: "serviceaccounts", namespace: ROLE_OBJECT, name: "role.metadata.name" },
        { verb: "update", group: RBAC, resource: "roles", namespace: ROLE_OBJECT, name: "role.metadata.name" },
      ],
      handlerChecks: ["escalation"],
    },
    deleteRole: checks(
      { verb: "delete", group: CORE, resource: "serviceaccounts", namespace: PROJECT, name: "name" },
      { verb: "delete", group: RBAC, resource: "roles", namespace: PROJECT, name: "name" },
      { verb: "delete", group: RBAC, resource: "rolebindings", namespace: PROJECT, name: "name" },
    ),
    grant: {
      kind: "checks",
      checks: [
        { verb: "update", group: CORE, resource: "serviceaccounts", namespace: PROJECT, name: "role" },
        { verb: "update", group: RBAC, resource: "roles", namespace: PROJECT, name: "role" },
      ],
      handlerChecks: ["escalation"],
    },
    revoke: checks(
      { verb: "update", group: CORE, resource: "serviceaccounts", namespace: PROJECT, name: "role" },
      { verb: "update", group: RBAC, resource: "roles", namespace: PROJECT, name: "role" },
    ),
    // API tokens are service-account-token Secrets of the role's ServiceAccount.
    // A token acting as the role confers its permissions, as mapping a user to it does: the
    // handler makes the escalation check on the role's rules (Kargo did not).
    createAPIToken: {
      kind: "checks",
      checks: [
        { verb: "get", group: CORE, resource: "serviceaccounts", namespace: ROLE_PROJECT, name: "roleName" },
        { verb: "create", group: CORE, resource: "secrets", namespace: ROLE_PROJECT },
      ],
      handlerChecks: ["escalation"],
    },
    getAPIToken: checks({ verb: "get", group: CORE, resource: "secrets", namespace: ROLE_PROJECT, name: "name" }),
    listAPITokens: checks({ verb: "list", group: CORE, resource: "secrets", namespace: ROLE_PROJECT }),
    deleteAPIToken: checks({ verb: "delete", group: CORE, resource: "secrets", namespace: ROLE_PROJECT, name: "name" }),
  }),
  // The ClusterConfig is cluster-scoped: reviews without a namespace, so only a cluster-wide
  // grant (Kargo's kargo-admin, kargo-viewer …) allows them. Its name is fixed ("cluster") and no
  // request field carries it: the reviews are for any clusterconfig, the stricter check.
  defineServiceRules(ClusterConfigService, {
    getClusterConfig: checks(cluster("get", "clusterconfigs")),
    updateClusterConfig: checks(cluster("update", "clusterconfigs")),
    deleteClusterConfig: checks(cluster("delete", "clusterconfigs")),
    watchClusterConfig: checks(cluster("watch", "clusterconfigs")),
    refreshClusterConfig: checks(cluster("patch", "clusterconfigs")),
  }),
  defineServiceRules(PromotionTaskService, {
    listPromotionTasks: checks(kargo("list", "promotiontasks")),
    getPromotionTask: checks(kargo("get", "promotiontasks", "name")),
    createPromotionTask: checks(kargo("create", "promotiontasks")),
    updatePromotionTask: checks(kargo("update", "promotiontasks", "name")),
    deletePromotionTask: checks(kargo("delete", "promotiontasks", "name")),
    listClusterPromotionTasks: checks(cluster("list", "clusterpromotiontasks")),
    getClusterPromotionTask: checks(cluster("get", "clusterpromotiontasks", "name")),
    createClusterPromotionTask: checks(cluster("create", "clusterpromotiontasks")),
    updateClusterPromotionTask: checks(cluster("update", "clusterpromotiontasks", "name")),
    deleteClusterPromotionTask: checks(cluster("delete", "clusterpromotiontasks", "name")),
  }),
  // The audit trail is the durable extension of a namespace's Events: whoever may read the Events
  // of a project (every default project role) may read its trail; the Kargo namespace's trail
  // (cluster-scoped objects) needs that right there.
  defineServiceRules(AuditService, {
    listAuditRecords: checks({ verb: "list", group: CORE, resource: "events", namespace: PROJECT }),
    watchAuditRecords: checks({ verb: "watch", group: CORE, resource: "events", namespace: PROJECT }),
  }),
  defineServiceRules(ResourceService, {
    // The objects come from the manifest: the handler reviews each one (get + the write verb on its
    // own kind and namespace, `promote` for Promotions, escalation for RBAC objects and
    // claim-annotated ServiceAccounts).
    createResource: perObject,
    updateResource: perObject,
    createOrUpdateResource: perObject,
    deleteResource: perObject,
  }),
]);
