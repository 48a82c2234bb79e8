import { ScalarType } from "@bufbuild/protobuf";
import type { DescService } from "@bufbuild/protobuf";
import { MethodOptions_IdempotencyLevel } from "@bufbuild/protobuf/wkt";
import { readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { apiServices } from "../../src/server/api-services.js";

// The founding API surface: service and RPC names are a contract.
const designTable: Record<string, readonly string[]> = {
  SystemService: ["GetVersionInfo", "GetPublicConfig", "GetConfig"],
  AuthService: ["AdminLogin", "WhoAmI"],
  ProjectService: [
    "ListProjects",
    "GetProject",
    "CreateProject",
    "DeleteProject",
    "GetProjectConfig",
    "UpdateProjectConfig",
    "ListProjectEvents",
    "WatchProjectEvents",
  ],
  WarehouseService: ["ListWarehouses", "GetWarehouse", "CreateWarehouse", "UpdateWarehouse", "DeleteWarehouse", "RefreshWarehouse", "WatchWarehouses"],
  StageService: [
    "ListStages",
    "GetStage",
    "CreateStage",
    "UpdateStage",
    "DeleteStage",
    "RefreshStage",
    "WatchStages",
    "Reverify",
    "AbortVerification",
    // Kargo's Argo Rollouts RPCs: a Stage's verification is defined and carried out by them.
    "ListAnalysisTemplates",
    "GetAnalysisTemplate",
    "DeleteAnalysisTemplate",
    "ListClusterAnalysisTemplates",
    "GetClusterAnalysisTemplate",
    "DeleteClusterAnalysisTemplate",
    "GetAnalysisRun",
    "GetAnalysisRunLogs",
  ],
  FreightService: ["QueryFreight", "GetFreight", "CreateFreight", "ApproveFreight", "UpdateFreightAlias", "DeleteFreight", "WatchFreight"],
  PromotionService: ["PromoteToStage", "PromoteDownstream", "ListPromotions", "GetPromotion", "AbortPromotion", "WatchPromotions", "WatchPromotion"],
  CredentialsService: [
    "CreateRepoCredentials",
    "GetRepoCredentials",
    "ListRepoCredentials",
    "UpdateRepoCredentials",
    "DeleteRepoCredentials",
    "CreateGenericCredentials",
    "GetGenericCredentials",
    "ListGenericCredentials",
    "UpdateGenericCredentials",
    "DeleteGenericCredentials",
  ],
  RbacService: [
    "CreateRole",
    "GetRole",
    "ListRoles",
    "UpdateRole",
    "DeleteRole",
    "Grant",
    "Revoke",
    "CreateAPIToken",
    "GetAPIToken",
    "ListAPITokens",
    "DeleteAPIToken",
  ],
  ResourceService: ["CreateResource", "UpdateResource", "CreateOrUpdateResource", "DeleteResource"],
};

// RPCs added since the DESIGN table, each by an issue: the contract only grows, and every addition
// is listed here on purpose (a service or RPC that appears in gen/ without an entry fails).
const additions: Record<string, readonly string[]> = {
  // Issue 17: the rest of Kargo's ProjectConfig RPCs, and its ConfigMap, ClusterConfig and
  // promotion-task RPCs. Issue 21: WatchProjects (every project with its stats).
  ProjectService: ["DeleteProjectConfig", "WatchProjectConfig", "RefreshProjectConfig", "WatchProjects"],
  ConfigMapService: ["CreateConfigMap", "GetConfigMap", "ListConfigMaps", "UpdateConfigMap", "DeleteConfigMap"],
  ClusterConfigService: ["GetClusterConfig", "UpdateClusterConfig", "DeleteClusterConfig", "WatchClusterConfig", "RefreshClusterConfig"],
  PromotionTaskService: [
    "ListPromotionTasks",
    "GetPromotionTask",
    "CreatePromotionTask",
    "UpdatePromotionTask",
    "DeletePromotionTask",
    "ListClusterPromotionTasks",
    "GetClusterPromotionTask",
    "CreateClusterPromotionTask",
    "UpdateClusterPromotionTask",
    "DeleteClusterPromotionTask",
  ],
  // Issue 17: images, deep links; refresh a Promotion, controller heartbeats, the audit trail.
  StageService: ["ListImages", "GetStageLinks"],
  FreightService: ["GetFreightLinks"],
  SystemService: ["GetControllerHeartbeats"],
  AuditService: ["ListAuditRecords", "WatchAuditRecords"],
  // Issues 17 and 21: refresh a Promotion; a promotion's preview (diff and step outputs, nothing pushed).
  PromotionService: ["RefreshPromotion", "PreviewPromotion"],
};

/** The DESIGN table plus the additions: every service's expected RPCs. */
const contract: Record<string, readonly string[]> = Object.fromEntries(
  [...new Set([...Object.keys(designTable), ...Object.keys(additions)])].map((name) => [name, [...(designTable[name] ?? []), ...(additions[name] ?? [])]]),
);

// The server's own list: the test below fails when a service of the contract is not served.
const services: readonly DescService[] = apiServices;

// RPCs that only read: Connect may serve them with GET.
function isSideEffectFree(rpc: string): boolean {
  return /^(Get|List|Query)/.test(rpc) || rpc === "WhoAmI";
}

const methods = services.flatMap((service) => service.methods.map((method) => ({ service, method })));

const genDir = fileURLToPath(new URL("../../gen/kargo/api/v1/", import.meta.url));

// Every service any generated module exports, found by reading the directory.
async function generatedServices(): Promise<string[]> {
  const names: string[] = [];
  for (const file of readdirSync(genDir).filter((f) => f.endsWith("_pb.ts"))) {
    const module = (await import(genDir + file)) as Record<string, unknown>;
    for (const value of Object.values(module)) {
      if ((value as DescService | undefined)?.kind === "service") names.push((value as DescService).typeName);
    }
  }
  return names.sort();
}

describe("the generated kargo.api.v1 services", () => {
  it("are exactly the services of the DESIGN table and the listed additions, in package kargo.api.v1", async () => {
    const expected = Object.keys(contract)
      .map((name) => `kargo.api.v1.${name}`)
      .sort();
    expect(await generatedServices()).toEqual(expected);
    expect(services.map((s) => s.typeName).sort()).toEqual(expected);
  });

  describe.each(services.map((service) => ({ name: service.name, service })))("$name", ({ name, service }) => {
    it("has exactly the RPCs of the DESIGN table and the listed additions", () => {
      expect(service.methods.map((m) => m.name).sort()).toEqual([...(contract[name] ?? [])].sort());
    });
  });

  // GetAnalysisRunLogs streams a log, as in Kargo.
  const isStreaming = (rpc: string) => rpc.startsWith("Watch") || rpc === "GetAnalysisRunLogs";

  it("makes every Watch* RPC (and GetAnalysisRunLogs) server-streaming and every other RPC unary", () => {
    const wrong = methods
      .filter(({ method }) => method.methodKind !== (isStreaming(method.name) ? "server_streaming" : "unary"))
      .map(({ service, method }) => `${service.name}.${method.name}: ${method.methodKind}`);
    expect(wrong).toEqual([]);
  });

  it("marks exactly the side-effect-free RPCs NO_SIDE_EFFECTS", () => {
    const wrong = methods
      .filter(({ method }) => (method.idempotency === MethodOptions_IdempotencyLevel.NO_SIDE_EFFECTS) !== isSideEffectFree(method.name))
      .map(({ service, method }) => `${service.name}.${method.name}`);
    expect(wrong).toEqual([]);
  });

  it("names each RPC's messages <Rpc>Request and <Rpc>Response", () => {
    const wrong = methods
      .filter(({ method }) => method.input.name !== `${method.name}Request` || method.output.name !== `${method.name}Response`)
      .map(({ service, method }) => `${service.name}.${method.name}`);
    expect(wrong).toEqual([]);
  });

  describe("Get RPCs of resources", () => {
    const gets = methods.filter(({ method }) => method.name.startsWith("Get") && method.input.fields.some((f) => f.name === "format"));

    it("take a RawFormat format and answer with a oneof result holding raw bytes", () => {
      expect(gets.length).toBeGreaterThanOrEqual(10);
      for (const { method } of gets) {
        const format = method.input.fields.find((f) => f.name === "format");
        expect(format?.enum?.typeName).toBe("kargo.api.v1.RawFormat");
        const result = method.output.oneofs.find((o) => o.name === "result");
        expect(result?.fields.find((f) => f.name === "raw")?.scalar).toBe(ScalarType.BYTES);
      }
    });
  });

  it("paginates every List RPC with page_size, page_token, next_page_token and total_size", () => {
    const wrong = methods
      .filter(({ method }) => method.name.startsWith("List"))
      .filter(({ method }) => {
        const input = method.input.fields.map((f) => f.name);
        const output = method.output.fields.map((f) => f.name);
        return !(input.includes("page_size") && input.includes("page_token") && output.includes("next_page_token") && output.includes("total_size"));
      })
      .map(({ service, method }) => `${service.name}.${method.name}`);
    expect(wrong).toEqual([]);
  });

  it("gives every watch event a type, one object and a resource_version", () => {
    for (const { method } of methods.filter(({ method }) => method.name.startsWith("Watch"))) {
      expect(method.input.fields.map((f) => f.name)).toContain("resource_version");
      const fields = method.output.fields;
      expect(fields.map((f) => f.name)).toEqual(["type", expect.any(String), "resource_version"]);
      expect(fields[0]?.enum?.typeName).toBe("kargo.api.v1.WatchEventType");
      expect(fields[1]?.fieldKind).toBe("message");
    }
  });

  describe("request and response fields named in DESIGN's contract section", () => {
    const contract: ReadonlyArray<[string, readonly string[], readonly string[]]> = [
      ["AuthService.AdminLogin", ["password"], ["id_token"]],
      ["ProjectService.CreateProject", ["name"], ["project"]],
      ["FreightService.CreateFreight", ["project", "origin", "images", "commits", "charts", "alias"], ["freight"]],
      ["FreightService.ApproveFreight", ["project", "name", "alias", "stage"], []],
      ["FreightService.UpdateFreightAlias", ["project", "name", "new_alias"], []],
      ["FreightService.DeleteFreight", ["project", "name", "alias"], []],
      ["FreightService.QueryFreight", ["project", "stage", "group_by", "group", "order_by", "reverse", "origins"], ["groups"]],
      ["PromotionService.PromoteToStage", ["project", "stage", "freight", "freight_alias"], ["promotion"]],
      ["PromotionService.PromoteDownstream", ["project", "stage", "freight", "freight_alias"], ["promotions"]],
      ["PromotionService.AbortPromotion", ["project", "name"], []],
      ["StageService.Reverify", ["project", "stage"], []],
      ["StageService.AbortVerification", ["project", "stage"], []],
      ["StageService.RefreshStage", ["project", "name"], []],
      ["WarehouseService.RefreshWarehouse", ["project", "name"], []],
      ["RbacService.CreateRole", ["role"], ["role"]],
      ["RbacService.Grant", ["project", "role", "user_claims", "resource_details"], ["role"]],
      ["RbacService.CreateAPIToken", ["project", "role_name", "name"], ["token"]],
      ["ResourceService.CreateResource", ["manifest"], ["results"]],
      ["ResourceService.CreateOrUpdateResource", ["manifest"], ["results"]],
    ];

    it.each(contract)("%s takes %j and answers %j", (rpc, input, output) => {
      const found = methods.find(({ service, method }) => `${service.name}.${method.name}` === rpc);
      expect(found).toBeDefined();
      const inputNames = found!.method.input.fields.map((f) => f.name);
      const outputNames = found!.method.output.fields.map((f) => f.name);
      expect(inputNames).toEqual(expect.arrayContaining([...input]));
      expect(outputNames).toEqual(expect.arrayContaining([...output]));
    });

    it("sends manifests as bytes and origins as {kind, name}", () => {
      const manifest = methods
        .filter(({ service }) => service.name === "ResourceService")
        .map(({ method }) => method.input.fields.find((f) => f.name === "manifest"));
      for (const field of manifest) expect(field?.scalar).toBe(ScalarType.BYTES);
      const origin = methods.find(({ method }) => method.name === "CreateFreight")!.method.input.fields.find((f) => f.name === "origin");
      expect(origin?.message?.fields.map((f) => f.name)).toEqual(["kind", "name"]);
    });

    it("gives Role metadata, claims and rules", () => {
      const role = methods.find(({ method }) => method.name === "CreateRole")!.method.input.fields[0]?.message;
      expect(role?.fields.map((f) => f.name)).toEqual(expect.arrayContaining(["metadata", "rules", "claims"]));
    });
  });
});
