import type { DescService } from "@bufbuild/protobuf";
import { createClient, type Client, type Interceptor } from "@connectrpc/connect";
import { createConnectTransport } from "@connectrpc/connect-node";
import { AuthService } from "../../../gen/kargo/api/v1/auth_service_pb.js";
import { CredentialsService } from "../../../gen/kargo/api/v1/credentials_service_pb.js";
import { FreightService } from "../../../gen/kargo/api/v1/freight_service_pb.js";
import { ProjectService } from "../../../gen/kargo/api/v1/project_service_pb.js";
import { PromotionService } from "../../../gen/kargo/api/v1/promotion_service_pb.js";
import { RbacService } from "../../../gen/kargo/api/v1/rbac_service_pb.js";
import { ResourceService, type ResourceResult } from "../../../gen/kargo/api/v1/resource_service_pb.js";
import { StageService } from "../../../gen/kargo/api/v1/stage_service_pb.js";
import { SystemService } from "../../../gen/kargo/api/v1/system_service_pb.js";
import { AuditService } from "../../../gen/kargo/api/v1/audit_service_pb.js";
import { WarehouseService } from "../../../gen/kargo/api/v1/warehouse_service_pb.js";

/** What a scenario run needs: the server, who calls, and a signal that ends a hanging call. */
export interface ScenarioContext {
  readonly baseUrl: string;
  readonly adminPassword: string;
  /** An OIDC ID token of a user whose claims map to a ServiceAccount that may list stages. */
  readonly oidcToken: string;
  /** The project this run creates (a fresh name per run). */
  readonly project: string;
  /** Aborted when the server shows a call can never finish (an informer refused by Kubernetes). */
  readonly signal: AbortSignal;
}

/** One RPC (or a few of one RPC's calls) of the scenario. */
export interface ScenarioStep {
  readonly name: string;
  /** Later steps need what it makes: runs even when only one other step is asked for. */
  readonly setup?: true;
  run(state: ScenarioState): Promise<void>;
}

/** Clients and what earlier steps produced. */
export interface ScenarioState {
  readonly ctx: ScenarioContext;
  client<S extends DescService>(service: S, token?: string | null): Client<S>;
  adminToken: string;
  freight: string;
  promotion: string;
  apiToken: string;
}

/** The first step that failed, or undefined when every step up to `until` passed. */
export interface ScenarioOutcome {
  readonly passed: readonly string[];
  readonly failed?: { readonly step: string; readonly error: unknown };
}

const yamlDocs = (...docs: string[]) => new TextEncoder().encode(docs.join("\n---\n"));

/** Throws with every object that failed, naming it. */
function requireAllSucceeded(results: readonly ResourceResult[]): void {
  const failed = results
    .filter((r) => r.result.case === "error")
    .map((r) => `${r.kind} ${r.namespace}/${r.name}: ${r.result.case === "error" ? `${r.result.value.code} ${r.result.value.message}` : ""}`);
  if (failed.length > 0) throw new Error(`ResourceService: ${failed.join("; ")}`);
}

/** Reads the first message of a Watch* stream, then ends it. */
async function firstOf(stream: AsyncIterable<unknown>): Promise<void> {
  for await (const _ of stream) return;
  throw new Error("the watch ended without a message");
}

/** Manifests of every kind ResourceService accepts that no other RPC writes. */
function manifests(project: string): Uint8Array {
  return yamlDocs(
    `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: lp-config, namespace: ${project}}\ndata: {a: "1"}`,
    `apiVersion: v1\nkind: Namespace\nmetadata: {name: ${project}-extra}`,
    `apiVersion: v1\nkind: Secret\nmetadata: {name: lp-secret, namespace: ${project}}\nstringData: {a: "1"}`,
    `apiVersion: v1\nkind: ServiceAccount\nmetadata: {name: lp-sa, namespace: ${project}}`,
    // Rights the server does not hold (Argo Rollouts' kinds): writing such roles needs escalate,
    // binding them needs bind.
    `apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: ${project}-promoter}\nrules: [{apiGroups: [argoproj.io], resources: [analysistemplates], verbs: [get]}]`,
    `apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata: {name: ${project}-promoter}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: ${project}-promoter}\nsubjects: [{kind: ServiceAccount, name: lp-sa, namespace: ${project}}]`,
    `apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata: {name: lp-role, namespace: ${project}}\nrules: [{apiGroups: [argoproj.io], resources: [analysisruns], verbs: [get]}]`,
    `apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata: {name: lp-role, namespace: ${project}}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: lp-role}\nsubjects: [{kind: ServiceAccount, name: lp-sa, namespace: ${project}}]`,
    `apiVersion: kargo.akuity.io/v1alpha1\nkind: PromotionTask\nmetadata: {name: lp-task, namespace: ${project}}\nspec: {steps: [{uses: git-clone}]}`,
    `apiVersion: kargo.akuity.io/v1alpha1\nkind: ClusterPromotionTask\nmetadata: {name: ${project}-task}\nspec: {steps: [{uses: git-clone}]}`,
  );
}

const clusterConfig = yamlDocs(`apiVersion: kargo.akuity.io/v1alpha1\nkind: ClusterConfig\nmetadata: {name: cluster}\nspec: {}`);

const warehouseSpec = { subscriptions: [{ image: { repoUrl: "ghcr.io/example/app" } }] };
const stageSpec = {
  requestedFreight: [{ origin: { kind: "Warehouse", name: "wh" }, sources: { direct: true } }],
  promotionTemplate: { spec: { steps: [{ uses: "git-clone" }] } },
};

/**
 * A representative call of every RPC of every service, in an order where each step finds what it
 * needs: what the deployed server does with its ServiceAccount's rights. Calls as admin unless
 * noted; a Kubernetes-token user (an API token: TokenReview) and an OIDC user (SubjectAccessReview)
 * cover the reviews the server makes with its own credentials.
 */
export const SCENARIO: readonly ScenarioStep[] = [
  {
    name: "AuthService.AdminLogin",
    setup: true,
    run: async (s) => void (s.adminToken = (await s.client(AuthService, null).adminLogin({ password: s.ctx.adminPassword }, { signal: s.ctx.signal })).idToken),
  },
  { name: "AuthService.WhoAmI", run: async (s) => void (await s.client(AuthService).whoAmI({}, { signal: s.ctx.signal })) },
  {
    name: "SystemService.GetVersionInfo+GetConfig+GetPublicConfig",
    run: async (s) => {
      const system = s.client(SystemService);
      await system.getVersionInfo({}, { signal: s.ctx.signal });
      await system.getConfig({}, { signal: s.ctx.signal });
      await system.getPublicConfig({}, { signal: s.ctx.signal });
    },
  },
  {
    name: "SystemService.GetControllerHeartbeats",
    run: async (s) => void (await s.client(SystemService).getControllerHeartbeats({}, { signal: s.ctx.signal })),
  },
  {
    name: "ProjectService.CreateProject",
    setup: true,
    run: async (s) => void (await s.client(ProjectService).createProject({ name: s.ctx.project }, { signal: s.ctx.signal })),
  },
  {
    name: "ProjectService.GetProject+ListProjects",
    run: async (s) => {
      await s.client(ProjectService).getProject({ name: s.ctx.project }, { signal: s.ctx.signal });
      await s.client(ProjectService).listProjects({}, { signal: s.ctx.signal });
    },
  },
  {
    name: "ProjectService.UpdateProjectConfig+GetProjectConfig",
    run: async (s) => {
      await s.client(ProjectService).updateProjectConfig({ project: s.ctx.project, spec: { promotionPolicies: [] } }, { signal: s.ctx.signal });
      await s.client(ProjectService).getProjectConfig({ project: s.ctx.project }, { signal: s.ctx.signal });
    },
  },
  {
    name: "WarehouseService.CreateWarehouse",
    setup: true,
    run: async (s) =>
      void (await s.client(WarehouseService).createWarehouse({ project: s.ctx.project, name: "wh", spec: warehouseSpec }, { signal: s.ctx.signal })),
  },
  {
    name: "WarehouseService.GetWarehouse+ListWarehouses+WatchWarehouses",
    run: async (s) => {
      const w = s.client(WarehouseService);
      await w.getWarehouse({ project: s.ctx.project, name: "wh" }, { signal: s.ctx.signal });
      await w.listWarehouses({ project: s.ctx.project }, { signal: s.ctx.signal });
      await firstOf(w.watchWarehouses({ project: s.ctx.project }, { signal: s.ctx.signal }));
    },
  },
  {
    name: "WarehouseService.UpdateWarehouse",
    run: async (s) =>
      void (await s
        .client(WarehouseService)
        .updateWarehouse({ project: s.ctx.project, name: "wh", spec: { ...warehouseSpec, interval: "10m0s" } }, { signal: s.ctx.signal })),
  },
  {
    name: "WarehouseService.RefreshWarehouse",
    run: async (s) => void (await s.client(WarehouseService).refreshWarehouse({ project: s.ctx.project, name: "wh" }, { signal: s.ctx.signal })),
  },
  {
    name: "StageService.CreateStage",
    setup: true,
    run: async (s) => void (await s.client(StageService).createStage({ project: s.ctx.project, name: "test", spec: stageSpec }, { signal: s.ctx.signal })),
  },
  {
    name: "StageService.GetStage+ListStages+WatchStages",
    run: async (s) => {
      const st = s.client(StageService);
      await st.getStage({ project: s.ctx.project, name: "test" }, { signal: s.ctx.signal });
      await st.listStages({ project: s.ctx.project }, { signal: s.ctx.signal });
      await firstOf(st.watchStages({ project: s.ctx.project }, { signal: s.ctx.signal }));
    },
  },
  {
    name: "StageService.UpdateStage",
    run: async (s) =>
      void (await s.client(StageService).updateStage({ project: s.ctx.project, name: "test", spec: { ...stageSpec, shard: "a" } }, { signal: s.ctx.signal })),
  },
  {
    name: "StageService.RefreshStage",
    run: async (s) => void (await s.client(StageService).refreshStage({ project: s.ctx.project, name: "test" }, { signal: s.ctx.signal })),
  },
  {
    name: "FreightService.CreateFreight",
    setup: true,
    run: async (s) => {
      const res = await s
        .client(FreightService)
        .createFreight(
          { project: s.ctx.project, origin: { kind: "Warehouse", name: "wh" }, images: [{ repoUrl: "ghcr.io/example/app", tag: "1.0.0" }] },
          { signal: s.ctx.signal },
        );
      s.freight = res.freight!.metadata!.name;
    },
  },
  {
    name: "FreightService.GetFreight+QueryFreight+WatchFreight",
    run: async (s) => {
      const f = s.client(FreightService);
      await f.getFreight({ project: s.ctx.project, name: s.freight }, { signal: s.ctx.signal });
      await f.queryFreight({ project: s.ctx.project }, { signal: s.ctx.signal });
      await firstOf(f.watchFreight({ project: s.ctx.project }, { signal: s.ctx.signal }));
    },
  },
  {
    name: "FreightService.UpdateFreightAlias",
    run: async (s) =>
      void (await s.client(FreightService).updateFreightAlias({ project: s.ctx.project, name: s.freight, newAlias: "first" }, { signal: s.ctx.signal })),
  },
  {
    name: "FreightService.ApproveFreight",
    run: async (s) =>
      void (await s.client(FreightService).approveFreight({ project: s.ctx.project, name: s.freight, stage: "test" }, { signal: s.ctx.signal })),
  },
  {
    name: "ProjectService.ListProjectEvents+WatchProjectEvents",
    run: async (s) => {
      const events = await s.client(ProjectService).listProjectEvents({ project: s.ctx.project }, { signal: s.ctx.signal });
      if (events.events.length === 0) throw new Error("no project events (CreateFreight records FreightCreated)");
      await firstOf(s.client(ProjectService).watchProjectEvents({ project: s.ctx.project }, { signal: s.ctx.signal }));
    },
  },
  {
    name: "PromotionService.PromoteToStage",
    setup: true,
    run: async (s) => {
      const res = await s.client(PromotionService).promoteToStage({ project: s.ctx.project, stage: "test", freight: s.freight }, { signal: s.ctx.signal });
      s.promotion = res.promotion!.metadata!.name;
    },
  },
  {
    name: "PromotionService.GetPromotion+ListPromotions+WatchPromotions+WatchPromotion",
    run: async (s) => {
      const p = s.client(PromotionService);
      await p.getPromotion({ project: s.ctx.project, name: s.promotion }, { signal: s.ctx.signal });
      await p.listPromotions({ project: s.ctx.project }, { signal: s.ctx.signal });
      await firstOf(p.watchPromotions({ project: s.ctx.project }, { signal: s.ctx.signal }));
      await firstOf(p.watchPromotion({ project: s.ctx.project, name: s.promotion }, { signal: s.ctx.signal }));
    },
  },
  {
    name: "PromotionService.RefreshPromotion",
    run: async (s) => void (await s.client(PromotionService).refreshPromotion({ project: s.ctx.project, name: s.promotion }, { signal: s.ctx.signal })),
  },
  {
    name: "AuditService.ListAuditRecords",
    run: async (s) => void (await s.client(AuditService).listAuditRecords({ project: s.ctx.project }, { signal: s.ctx.signal })),
  },
  {
    name: "PromotionService.AbortPromotion",
    run: async (s) => void (await s.client(PromotionService).abortPromotion({ project: s.ctx.project, name: s.promotion }, { signal: s.ctx.signal })),
  },
  {
    name: "CredentialsService.*RepoCredentials",
    run: async (s) => {
      const c = s.client(CredentialsService);
      const project = s.ctx.project;
      await c.createRepoCredentials(
        { project, name: "repo", type: "git", repoUrl: "https://git.example.com/app.git", username: "u", password: "p" },
        { signal: s.ctx.signal },
      );
      await c.getRepoCredentials({ project, name: "repo" }, { signal: s.ctx.signal });
      await c.listRepoCredentials({ project }, { signal: s.ctx.signal });
      await c.updateRepoCredentials({ project, name: "repo", password: "q" }, { signal: s.ctx.signal });
      await c.deleteRepoCredentials({ project, name: "repo" }, { signal: s.ctx.signal });
    },
  },
  {
    name: "CredentialsService.*GenericCredentials",
    run: async (s) => {
      const c = s.client(CredentialsService);
      const project = s.ctx.project;
      await c.createGenericCredentials({ project, name: "generic", data: { k: "v" } }, { signal: s.ctx.signal });
      await c.getGenericCredentials({ project, name: "generic" }, { signal: s.ctx.signal });
      await c.listGenericCredentials({ project }, { signal: s.ctx.signal });
      await c.updateGenericCredentials({ project, name: "generic", data: { k: "w" } }, { signal: s.ctx.signal });
      await c.deleteGenericCredentials({ project, name: "generic" }, { signal: s.ctx.signal });
    },
  },
  {
    name: "RbacService.CreateRole",
    setup: true,
    run: async (s) =>
      void (await s.client(RbacService).createRole(
        {
          // Analysis runs, as Kargo's default roles grant: rights the server does not hold itself.
          role: {
            metadata: { namespace: s.ctx.project, name: "promoter" },
            claims: [{ name: "email", values: ["nobody@example.com"] }],
            rules: [
              { verbs: ["promote"], apiGroups: ["kargo.akuity.io"], resources: ["stages"] },
              { verbs: ["get", "list"], apiGroups: ["argoproj.io"], resources: ["analysisruns"] },
            ],
          },
        },
        { signal: s.ctx.signal },
      )),
  },
  {
    name: "RbacService.GetRole+ListRoles",
    run: async (s) => {
      await s.client(RbacService).getRole({ project: s.ctx.project, name: "promoter" }, { signal: s.ctx.signal });
      await s.client(RbacService).listRoles({ project: s.ctx.project }, { signal: s.ctx.signal });
    },
  },
  {
    name: "RbacService.UpdateRole+Grant+Revoke",
    run: async (s) => {
      const r = s.client(RbacService);
      await r.updateRole(
        {
          role: {
            metadata: { namespace: s.ctx.project, name: "promoter" },
            claims: [{ name: "email", values: ["someone@example.com"] }],
            rules: [{ verbs: ["promote", "get"], apiGroups: ["kargo.akuity.io"], resources: ["stages"] }],
          },
        },
        { signal: s.ctx.signal },
      );
      await r.grant(
        { project: s.ctx.project, role: "promoter", request: { case: "resourceDetails", value: { resourceType: "warehouses", verbs: ["get"] } } },
        { signal: s.ctx.signal },
      );
      await r.revoke(
        { project: s.ctx.project, role: "promoter", request: { case: "resourceDetails", value: { resourceType: "warehouses", verbs: ["get"] } } },
        { signal: s.ctx.signal },
      );
    },
  },
  {
    name: "RbacService.CreateAPIToken+GetAPIToken+ListAPITokens",
    setup: true,
    run: async (s) => {
      const r = s.client(RbacService);
      s.apiToken = (await r.createAPIToken({ project: s.ctx.project, roleName: "promoter", name: "ci" }, { signal: s.ctx.signal })).token!.token;
      await r.getAPIToken({ project: s.ctx.project, name: "ci" }, { signal: s.ctx.signal });
      await r.listAPITokens({ project: s.ctx.project }, { signal: s.ctx.signal });
    },
  },
  {
    name: "an API token's call (TokenReview)",
    run: async (s) => {
      const me = await s.client(AuthService, s.apiToken).whoAmI({}, { signal: s.ctx.signal });
      if (me.username === "") throw new Error("WhoAmI with the API token named nobody");
      // The role grants get on stages: SelfSubjectAccessReview, made with the token itself.
      await s.client(StageService, s.apiToken).getStage({ project: s.ctx.project, name: "test" }, { signal: s.ctx.signal });
    },
  },
  {
    name: "an OIDC user's call (SubjectAccessReview)",
    run: async (s) => void (await s.client(StageService, s.ctx.oidcToken).listStages({ project: s.ctx.project }, { signal: s.ctx.signal })),
  },
  {
    name: "RbacService.DeleteAPIToken+DeleteRole",
    run: async (s) => {
      await s.client(RbacService).deleteAPIToken({ project: s.ctx.project, name: "ci" }, { signal: s.ctx.signal });
      await s.client(RbacService).deleteRole({ project: s.ctx.project, name: "promoter" }, { signal: s.ctx.signal });
    },
  },
  {
    name: "ResourceService.CreateResource+UpdateResource+CreateOrUpdateResource+DeleteResource",
    run: async (s) => {
      const r = s.client(ResourceService);
      const manifest = manifests(s.ctx.project);
      requireAllSucceeded((await r.createResource({ manifest }, { signal: s.ctx.signal })).results);
      requireAllSucceeded((await r.updateResource({ manifest }, { signal: s.ctx.signal })).results);
      requireAllSucceeded((await r.createOrUpdateResource({ manifest }, { signal: s.ctx.signal })).results);
      requireAllSucceeded((await r.deleteResource({ manifest }, { signal: s.ctx.signal })).results);
    },
  },
  {
    name: "ResourceService ClusterConfig",
    run: async (s) => {
      const r = s.client(ResourceService);
      requireAllSucceeded((await r.createOrUpdateResource({ manifest: clusterConfig }, { signal: s.ctx.signal })).results);
      requireAllSucceeded((await r.updateResource({ manifest: clusterConfig }, { signal: s.ctx.signal })).results);
      requireAllSucceeded((await r.deleteResource({ manifest: clusterConfig }, { signal: s.ctx.signal })).results);
    },
  },
  {
    name: "FreightService.DeleteFreight+StageService.DeleteStage+WarehouseService.DeleteWarehouse",
    run: async (s) => {
      await s.client(StageService).deleteStage({ project: s.ctx.project, name: "test" }, { signal: s.ctx.signal });
      await s.client(FreightService).deleteFreight({ project: s.ctx.project, name: s.freight }, { signal: s.ctx.signal });
      await s.client(WarehouseService).deleteWarehouse({ project: s.ctx.project, name: "wh" }, { signal: s.ctx.signal });
    },
  },
  {
    name: "ProjectService.DeleteProject",
    run: async (s) => void (await s.client(ProjectService).deleteProject({ name: s.ctx.project }, { signal: s.ctx.signal })),
  },
];

/**
 * Runs the scenario's steps in order — all of them, or only the setup steps and `only` — until one
 * fails (later steps depend on it) or `only` has passed.
 */
export async function runScenario(ctx: ScenarioContext, only?: string): Promise<ScenarioOutcome> {
  if (only !== undefined && !SCENARIO.some((s) => s.name === only)) throw new Error(`no scenario step "${only}"`);
  const state: ScenarioState = {
    ctx,
    adminToken: "",
    freight: "",
    promotion: "",
    apiToken: "",
    client<S extends DescService>(service: S, token?: string | null): Client<S> {
      const bearer = token === undefined ? state.adminToken : token;
      const interceptors: Interceptor[] = [];
      if (bearer !== null)
        interceptors.push((next) => (req) => {
          req.header.set("authorization", `Bearer ${bearer}`);
          return next(req);
        });
      return createClient(service, createConnectTransport({ baseUrl: ctx.baseUrl, httpVersion: "1.1", interceptors }));
    },
  };
  const passed: string[] = [];
  for (const step of SCENARIO) {
    if (only !== undefined && !step.setup && step.name !== only) continue;
    try {
      await step.run(state);
    } catch (error) {
      return { passed, failed: { step: step.name, error } };
    }
    passed.push(step.name);
    if (step.name === only) break;
  }
  return { passed };
}
