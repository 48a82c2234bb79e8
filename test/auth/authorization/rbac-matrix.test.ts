import { create, type DescMessage, type DescMethod, type DescService } from "@bufbuild/protobuf";
import { Code, ConnectError, createClient } from "@connectrpc/connect";
import { createConnectTransport } from "@connectrpc/connect-node";
import type { V1PolicyRule } from "@kubernetes/client-node";
import { AuthService } from "../../../gen/kargo/api/v1/auth_service_pb.js";
import { apiServices } from "../../../src/server/api-services.js";
import { oidcLogin } from "../../support/oidc-login.js";
import { useOidcProvider } from "../../support/oidc-provider.js";
import { drain } from "../support/expect-code.js";
import { createBoundRole, createClaimsServiceAccount, createProjectNamespace } from "../support/kube-fixtures.js";
import { ADMIN_PASSWORD, useAuthStack } from "../support/start-auth-stack.js";
import { eventually } from "../../support/eventually.js";

// What each RPC needs, written here from the roles' meaning, independently of the authorization
// table: the test then checks the table + interceptor + RBAC give exactly these answers.
//   auth: any authenticated caller · view: kargo-viewer · promote: kargo-promoter ·
//   admin: kargo-admin · cluster: cluster-wide permission no project role has ·
//   exempt: no token needed · per-object: the handler reviews each manifest object.
type Need = "exempt" | "auth" | "view" | "promote" | "admin" | "cluster" | "per-object";
const NEEDS: Record<string, Need> = {
  "SystemService/GetVersionInfo": "auth",
  "SystemService/GetPublicConfig": "exempt",
  "SystemService/GetConfig": "auth",
  "SystemService/GetControllerHeartbeats": "auth",
  "AuthService/AdminLogin": "exempt",
  "AuthService/WhoAmI": "auth",
  "ProjectService/ListProjects": "cluster",
  "ProjectService/GetProject": "view",
  "ProjectService/CreateProject": "cluster",
  "ProjectService/DeleteProject": "admin",
  "ProjectService/GetProjectConfig": "view",
  "ProjectService/UpdateProjectConfig": "admin",
  "ProjectService/ListProjectEvents": "view",
  "ProjectService/WatchProjectEvents": "view",
  "ProjectService/DeleteProjectConfig": "admin",
  "ProjectService/WatchProjectConfig": "view",
  "ProjectService/RefreshProjectConfig": "admin",
  "ProjectService/WatchProjects": "cluster",
  "ClusterConfigService/GetClusterConfig": "cluster",
  "ClusterConfigService/UpdateClusterConfig": "cluster",
  "ClusterConfigService/DeleteClusterConfig": "cluster",
  "ClusterConfigService/WatchClusterConfig": "cluster",
  "ClusterConfigService/RefreshClusterConfig": "cluster",
  "PromotionTaskService/ListPromotionTasks": "view",
  "PromotionTaskService/GetPromotionTask": "view",
  "PromotionTaskService/CreatePromotionTask": "admin",
  "PromotionTaskService/UpdatePromotionTask": "admin",
  "PromotionTaskService/DeletePromotionTask": "admin",
  "PromotionTaskService/ListClusterPromotionTasks": "cluster",
  "PromotionTaskService/GetClusterPromotionTask": "cluster",
  "PromotionTaskService/CreateClusterPromotionTask": "cluster",
  "PromotionTaskService/UpdateClusterPromotionTask": "cluster",
  "PromotionTaskService/DeleteClusterPromotionTask": "cluster",
  "WarehouseService/ListWarehouses": "view",
  "WarehouseService/GetWarehouse": "view",
  "WarehouseService/WatchWarehouses": "view",
  "WarehouseService/CreateWarehouse": "admin",
  "WarehouseService/UpdateWarehouse": "admin",
  "WarehouseService/DeleteWarehouse": "admin",
  "WarehouseService/RefreshWarehouse": "admin",
  "StageService/ListStages": "view",
  "StageService/GetStage": "view",
  "StageService/WatchStages": "view",
  "StageService/CreateStage": "admin",
  "StageService/UpdateStage": "admin",
  "StageService/DeleteStage": "admin",
  "StageService/RefreshStage": "admin",
  "StageService/Reverify": "admin",
  "StageService/AbortVerification": "admin",
  "StageService/ListAnalysisTemplates": "view",
  "StageService/GetAnalysisTemplate": "view",
  "StageService/DeleteAnalysisTemplate": "admin",
  "StageService/GetAnalysisRun": "view",
  "StageService/GetAnalysisRunLogs": "view",
  "StageService/ListClusterAnalysisTemplates": "cluster",
  "StageService/GetClusterAnalysisTemplate": "cluster",
  "StageService/DeleteClusterAnalysisTemplate": "cluster",
  "StageService/ListImages": "view",
  "StageService/GetStageLinks": "view",
  "FreightService/GetFreightLinks": "view",
  "FreightService/QueryFreight": "view",
  "FreightService/GetFreight": "view",
  "FreightService/WatchFreight": "view",
  "FreightService/CreateFreight": "admin",
  "FreightService/ApproveFreight": "promote",
  "FreightService/UpdateFreightAlias": "admin",
  "FreightService/DeleteFreight": "admin",
  "PromotionService/PromoteToStage": "promote",
  "PromotionService/PromoteDownstream": "promote",
  "PromotionService/ListPromotions": "view",
  "PromotionService/GetPromotion": "view",
  "PromotionService/WatchPromotions": "view",
  "PromotionService/WatchPromotion": "view",
  "PromotionService/AbortPromotion": "admin",
  "PromotionService/PreviewPromotion": "promote",
  "PromotionService/RefreshPromotion": "admin",
  "AuditService/ListAuditRecords": "view",
  "AuditService/WatchAuditRecords": "view",
  "CredentialsService/CreateRepoCredentials": "admin",
  "CredentialsService/GetRepoCredentials": "admin",
  "CredentialsService/ListRepoCredentials": "admin",
  "CredentialsService/UpdateRepoCredentials": "admin",
  "CredentialsService/DeleteRepoCredentials": "admin",
  "CredentialsService/CreateGenericCredentials": "admin",
  "CredentialsService/GetGenericCredentials": "admin",
  "CredentialsService/ListGenericCredentials": "admin",
  "CredentialsService/UpdateGenericCredentials": "admin",
  "CredentialsService/DeleteGenericCredentials": "admin",
  "ConfigMapService/CreateConfigMap": "admin",
  "ConfigMapService/GetConfigMap": "view",
  "ConfigMapService/ListConfigMaps": "view",
  "ConfigMapService/UpdateConfigMap": "admin",
  "ConfigMapService/DeleteConfigMap": "admin",
  "RbacService/CreateRole": "admin",
  "RbacService/GetRole": "view",
  "RbacService/ListRoles": "view",
  "RbacService/UpdateRole": "admin",
  "RbacService/DeleteRole": "admin",
  "RbacService/Grant": "admin",
  "RbacService/Revoke": "admin",
  "RbacService/CreateAPIToken": "admin",
  "RbacService/GetAPIToken": "admin",
  "RbacService/ListAPITokens": "admin",
  "RbacService/DeleteAPIToken": "admin",
  "ResourceService/CreateResource": "per-object",
  "ResourceService/UpdateResource": "per-object",
  "ResourceService/CreateOrUpdateResource": "per-object",
  "ResourceService/DeleteResource": "per-object",
};

type Caller = "viewer" | "promoter" | "project-admin" | "unmapped" | "viewer-api-token" | "admin";
const RANK: Record<Caller, number> = { unmapped: 0, viewer: 1, "viewer-api-token": 1, promoter: 2, "project-admin": 3, admin: 4 };

function expected(caller: Caller, need: Need, inProjectA: boolean): "allow" | "deny" {
  if (caller === "admin" || need === "exempt" || need === "auth" || need === "per-object") return "allow";
  if (need === "cluster" || !inProjectA) return "deny";
  return RANK[caller] >= { view: 1, promote: 2, admin: 3 }[need] ? "allow" : "deny";
}

const A = "matrix-a";
const B = "matrix-b";
const KARGO = "kargo.akuity.io";
const KARGO_RESOURCES = ["projectconfigs", "warehouses", "stages", "freights", "promotions", "promotiontasks"];
const READ = ["get", "list", "watch"];
// Kargo's default project roles (docs/api-behaviour.md), as plain Kubernetes Roles.
const VIEWER_RULES: V1PolicyRule[] = [
  { apiGroups: [KARGO], resources: KARGO_RESOURCES, verbs: READ },
  { apiGroups: [""], resources: ["configmaps", "events", "serviceaccounts"], verbs: READ },
  { apiGroups: ["rbac.authorization.k8s.io"], resources: ["roles", "rolebindings"], verbs: READ },
  { apiGroups: ["argoproj.io"], resources: ["analysisruns", "analysistemplates"], verbs: READ },
];
const PROMOTER_RULES: V1PolicyRule[] = [
  ...VIEWER_RULES,
  { apiGroups: [KARGO], resources: ["stages"], verbs: ["promote"] },
  { apiGroups: [KARGO], resources: ["promotions"], verbs: ["create"] },
  { apiGroups: [KARGO], resources: ["freights/status"], verbs: ["patch", "update"] },
];
const ADMIN_RULES: V1PolicyRule[] = [{ apiGroups: ["*"], resources: ["*"], verbs: ["*"] }];

// A request for any RPC aimed at `project`: every field naming the project gets it, every other
// name-like field gets "x"; a Kargo Role message gets metadata {namespace: project, name: "x"}.
function requestFor(method: DescMethod, project: string): unknown {
  const init: Record<string, unknown> = {};
  for (const field of method.input.fields) {
    if (field.fieldKind === "scalar" && field.scalar === 9 /* STRING */) {
      // GetAnalysisRun* name the project `namespace`, as Kargo does.
      if (field.localName === "project" || field.localName === "namespace") init[field.localName] = project;
      else if (field.localName === "name") init[field.localName] = method.parent.name === "ProjectService" ? project : "x";
      else if (["stage", "role", "roleName", "freight"].includes(field.localName)) init[field.localName] = "x";
    } else if (field.fieldKind === "message" && field.localName === "role") {
      init[field.localName] = { metadata: { namespace: project, name: "x" } };
    }
  }
  return create(method.input as DescMessage, init as never);
}

describe("RBAC matrix: every RPC × callers mapped to project A's roles × projects A and B", () => {
  const provider = useOidcProvider();
  const stack = useAuthStack(() => ({
    oidc: { issuerUrl: provider().issuer, clientId: provider().web.clientId, cliClientId: provider().cli.clientId },
    authorizationCacheTtlMs: 5_000,
  }));
  const tokens = new Map<Caller, string>();

  beforeAll(async () => {
    const { core, rbac, auth } = stack();
    await createProjectNamespace(core, A);
    await createProjectNamespace(core, B);
    const roles: [string, V1PolicyRule[]][] = [
      ["kargo-viewer", VIEWER_RULES],
      ["kargo-promoter", PROMOTER_RULES],
      ["kargo-admin", ADMIN_RULES],
    ];
    for (const [name, rules] of roles) {
      await createClaimsServiceAccount(core, A, name, { email: [`${name}@example.com`] });
      await createBoundRole(rbac, A, name, name, rules);
    }
    // Projects are cluster-scoped: like Kargo's per-project ClusterRoles, the project's roles may
    // read their Project, and its admin may also update or delete it.
    const clusterRole = async (name: string, verbs: string[], subjects: string[]) => {
      await rbac.createClusterRole({ body: { metadata: { name }, rules: [{ apiGroups: [KARGO], resources: ["projects"], resourceNames: [A], verbs }] } });
      await rbac.createClusterRoleBinding({
        body: {
          metadata: { name },
          roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name },
          subjects: subjects.map((sa) => ({ kind: "ServiceAccount", name: sa, namespace: A })),
        },
      });
    };
    await clusterRole(`kargo-project-reader-${A}`, ["get"], ["kargo-viewer", "kargo-promoter", "kargo-admin"]);
    await clusterRole(`kargo-project-admin-${A}`, ["update", "delete"], ["kargo-admin"]);

    const p = provider();
    const people: [Caller, string][] = [
      ["viewer", "kargo-viewer"],
      ["promoter", "kargo-promoter"],
      ["project-admin", "kargo-admin"],
      ["unmapped", "nobody"],
    ];
    for (const [caller, login] of people) {
      p.setAccount(login, { email: `${login}@example.com` });
      tokens.set(caller, (await oidcLogin(p.issuer, p.web, login)).idToken);
    }
    tokens.set("admin", (await stack().client(AuthService).adminLogin({ password: ADMIN_PASSWORD })).idToken);
    // An API token: a Kubernetes token of the viewer role's ServiceAccount (SelfSubjectAccessReview path).
    const apiToken = await core.createNamespacedServiceAccountToken({ namespace: A, name: "kargo-viewer", body: { spec: { expirationSeconds: 3600 } } });
    tokens.set("viewer-api-token", apiToken.status!.token!);
    await eventually(
      () => roles.every(([name]) => auth.claimsIndex.serviceAccountsFor({ email: `${name}@example.com` }).length === 1),
      "the claims index to map the three roles",
    );
  });

  const methods = apiServices.flatMap((s: DescService) => s.methods);

  it("knows what every generated RPC needs", () => {
    expect(methods.map((m) => `${m.parent.name}/${m.name}`).filter((k) => NEEDS[k] === undefined)).toEqual([]);
  });

  const callers: Caller[] = ["viewer", "promoter", "project-admin", "unmapped", "viewer-api-token", "admin"];
  describe.each(callers)("as %s", (caller) => {
    it.each([A, B])("gets the expected allow/deny for every RPC in project %s", async (project) => {
      const transport = createConnectTransport({
        baseUrl: stack().baseUrl,
        httpVersion: "1.1",
        interceptors: [(next) => (req) => (req.header.set("authorization", `Bearer ${tokens.get(caller)}`), next(req))],
      });
      const actual: Record<string, string> = {};
      const wanted: Record<string, string> = {};
      await Promise.all(
        methods.map(async (method) => {
          const key = `${method.parent.name}/${method.name}`;
          const client = createClient(method.parent, transport) as unknown as Record<string, (req: unknown) => unknown>;
          const call = () => {
            const result = client[method.localName]!(requestFor(method, project));
            return method.methodKind === "server_streaming" ? drain(result as AsyncIterable<unknown>) : (result as Promise<unknown>);
          };
          // A token or access review the Kubernetes API could not answer (a loaded machine) fails
          // closed with UNAVAILABLE "cannot verify token" / "cannot check permissions", a retry
          // code: asked again until it is answered, as a client would. It is neither allow nor deny.
          let outcome: Code | "OK" | "not reviewed";
          do outcome = await outcomeOf(call);
          while (outcome === "not reviewed");
          // Allowed: the authorizer let the call through (the RPC then answers UNIMPLEMENTED or
          // anything else); denied: PERMISSION_DENIED. UNAUTHENTICATED is never expected here.
          actual[key] = outcome === Code.PermissionDenied ? "deny" : outcome === Code.Unauthenticated ? "unauthenticated" : "allow";
          wanted[key] = expected(caller, NEEDS[key]!, project === A);
        }),
      );
      expect(actual).toEqual(wanted);
    });
  });
});

/** The code a call ends with, or "not reviewed" when authentication or authorization could not ask the Kubernetes API. */
async function outcomeOf(call: () => Promise<unknown>): Promise<Code | "OK" | "not reviewed"> {
  try {
    await call();
    return "OK";
  } catch (error) {
    const { code, rawMessage } = ConnectError.from(error);
    return code === Code.Unavailable && /^cannot (check permissions|verify token): /u.test(rawMessage) ? "not reviewed" : code;
  }
}
