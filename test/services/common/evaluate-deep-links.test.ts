import { Code } from "@connectrpc/connect";
import { ClusterConfigService } from "../../../gen/kargo/api/v1/cluster_config_service_pb.js";
import { FreightService } from "../../../gen/kargo/api/v1/freight_service_pb.js";
import { ProjectService } from "../../../gen/kargo/api/v1/project_service_pb.js";
import { StageService } from "../../../gen/kargo/api/v1/stage_service_pb.js";
import { DEEP_LINK_LIMITS } from "../../../src/services/common/index.js";
import { useKargoStack } from "../../support/use-kargo-stack.js";
import { codeOf, errorOf, fixtures } from "../freight/kargo-fixtures.js";
import { foreignProjectAdminToken } from "./foreign-caller.js";

const project = "linked";
const APP = "ghcr.io/example/app";

// GetStageLinks and GetFreightLinks on one stack: ClusterConfig links, then ProjectConfig links,
// evaluated against the object; a broken template is reported on its link only.
describe("deep links: StageService.GetStageLinks and FreightService.GetFreightLinks", () => {
  const stack = useKargoStack();
  const fx = fixtures(stack);
  let freight: string;
  let foreign: string; // admin of another project only

  beforeAll(async () => {
    await fx.project(project);
    await fx.warehouse(project, "images");
    await fx.stage(project, "prod", [{ sources: { direct: true } }], undefined, {});
    freight = await fx.freight(project, { alias: "gentle-fox", images: [{ repoURL: APP, tag: "1.2.3" }] });
    await stack()
      .client(ClusterConfigService)
      .updateClusterConfig({
        spec: {
          stageLinks: [{ title: "Dashboard", url: "https://grafana.example.com/d/${{ project }}?stage=${{ stage.metadata.name }}", description: "Metrics" }],
          freightLinks: [{ title: "Release notes", url: "https://example.com/releases/${{ freight.images[0].tag }}" }],
        },
      });
    await stack()
      .client(ProjectService)
      .updateProjectConfig({
        project,
        spec: {
          stageLinks: [
            { title: "Prod only", url: "https://status.example.com", if: "stage.metadata.name == 'prod'" },
            { title: "Never", url: "https://never.example.com", if: "${{ stage.metadata.name == 'qa' }}" },
            { title: "Broken", url: "https://x.example.com/${{ stage.metadata.name + }}" },
            { title: "Not a condition", url: "https://y.example.com", if: "stage.metadata.name" },
            { title: "Unknown name", url: "https://z.example.com/${{ nope.field }}" },
            { title: "Huge", url: "x".repeat(DEEP_LINK_LIMITS.templateChars + 1) },
          ],
          freightLinks: [{ title: "Alias", url: "https://example.com/freight/${{ freight.alias }}" }],
        },
      });
    foreign = await foreignProjectAdminToken(stack(), "links-elsewhere");
  });

  describe("GetStageLinks", () => {
    it("is INVALID_ARGUMENT without a name", async () => {
      expect((await errorOf(stack().client(StageService).getStageLinks({ project }))).rawMessage).toBe("name should not be empty");
    });

    it("is NOT_FOUND for a missing stage or project", async () => {
      const error = await errorOf(stack().client(StageService).getStageLinks({ project, name: "missing" }));
      expect(error.code).toBe(Code.NotFound);
      expect(error.rawMessage).toBe(`stage "missing" not found in project "${project}"`);
      expect(await codeOf(stack().client(StageService).getStageLinks({ project: "nope", name: "prod" }))).toBe(Code.NotFound);
    });

    it("is PERMISSION_DENIED for a caller of another project", async () => {
      expect(await codeOf(stack().client(StageService, foreign).getStageLinks({ project, name: "prod" }))).toBe(Code.PermissionDenied);
    });

    it("evaluates the ClusterConfig's links then the ProjectConfig's, leaves out false conditions, reports errors per link", async () => {
      const { links } = await stack().client(StageService).getStageLinks({ project, name: "prod" });
      expect(links.map((l) => [l.source, l.title, l.url, l.description])).toEqual([
        ["ClusterConfig", "Dashboard", `https://grafana.example.com/d/${project}?stage=prod`, "Metrics"],
        ["ProjectConfig", "Prod only", "https://status.example.com", ""],
        ["ProjectConfig", "Broken", "", ""],
        ["ProjectConfig", "Not a condition", "", ""],
        ["ProjectConfig", "Unknown name", "", ""],
        ["ProjectConfig", "Huge", "", ""],
      ]);
      const errors = Object.fromEntries(links.map((l) => [l.title, l.error]));
      expect(errors["Dashboard"]).toBe("");
      expect(errors["Prod only"]).toBe("");
      expect(errors["Broken"]).not.toBe("");
      expect(errors["Not a condition"]).toContain("must be a boolean");
      expect(errors["Unknown name"]).toContain('unknown name "nope"');
      expect(errors["Huge"]).toContain(`longer than ${DEEP_LINK_LIMITS.templateChars} characters`);
    });
  });

  describe("GetFreightLinks", () => {
    it("is INVALID_ARGUMENT unless exactly one of name and alias is set", async () => {
      expect((await errorOf(stack().client(FreightService).getFreightLinks({ project }))).code).toBe(Code.InvalidArgument);
      expect((await errorOf(stack().client(FreightService).getFreightLinks({ project, name: freight, alias: "gentle-fox" }))).code).toBe(Code.InvalidArgument);
    });

    it("is NOT_FOUND for missing freight", async () => {
      expect(await codeOf(stack().client(FreightService).getFreightLinks({ project, alias: "ghost" }))).toBe(Code.NotFound);
      expect(await codeOf(stack().client(FreightService).getFreightLinks({ project: "nope", name: freight }))).toBe(Code.NotFound);
    });

    it("is PERMISSION_DENIED for a caller of another project", async () => {
      expect(await codeOf(stack().client(FreightService, foreign).getFreightLinks({ project, name: freight }))).toBe(Code.PermissionDenied);
    });

    it("evaluates the freight links against the Freight, by name or alias", async () => {
      for (const selector of [{ name: freight }, { alias: "gentle-fox" }]) {
        const { links } = await stack()
          .client(FreightService)
          .getFreightLinks({ project, ...selector });
        expect(links.map((l) => [l.source, l.title, l.url, l.error])).toEqual([
          ["ClusterConfig", "Release notes", "https://example.com/releases/1.2.3", ""],
          ["ProjectConfig", "Alias", "https://example.com/freight/gentle-fox", ""],
        ]);
      }
    });
  });

  it("has no links once the configs declare none", async () => {
    await stack().client(ProjectService).updateProjectConfig({ project, spec: {} });
    await stack().client(ClusterConfigService).updateClusterConfig({ spec: {} });
    expect((await stack().client(StageService).getStageLinks({ project, name: "prod" })).links).toEqual([]);
    expect((await stack().client(FreightService).getFreightLinks({ project, name: freight })).links).toEqual([]);
  });
});
