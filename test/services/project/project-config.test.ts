import { create } from "@bufbuild/protobuf";
import { Code } from "@connectrpc/connect";
import { RawFormat } from "../../../gen/kargo/api/v1/common_pb.js";
import { ProjectConfigSpecSchema } from "../../../gen/kargo/api/v1/project_pb.js";
import { ProjectService } from "../../../gen/kargo/api/v1/project_service_pb.js";
import { RESOURCES } from "../../../src/kube/index.js";
import { useKargoStack } from "../../support/use-kargo-stack.js";
import { errorOf, fixtures } from "../common/fixtures.js";

const stack = useKargoStack();

const autoPromoteTest = create(ProjectConfigSpecSchema, { promotionPolicies: [{ stage: "test", autoPromotionEnabled: true }] });

beforeAll(async () => {
  const f = fixtures(stack());
  await f.project("demo");
  await f.project("configured");
  await f.kube.create(RESOURCES.projectconfigs, {
    metadata: { name: "configured", namespace: "configured", labels: { team: "a" } },
    spec: { promotionPolicies: [{ stage: "uat", autoPromotionEnabled: true }], stageLinks: [{ title: "Docs", url: "https://docs.example.com" }] },
  });
});

describe("ProjectService.GetProjectConfig", () => {
  it("is NOT_FOUND when the project does not exist", async () => {
    const error = await errorOf(stack().client(ProjectService).getProjectConfig({ project: "nope" }));
    expect(error.code).toBe(Code.NotFound);
    expect(error.rawMessage).toBe('project "nope" not found');
  });

  it("is NOT_FOUND when the project has no ProjectConfig", async () => {
    const error = await errorOf(stack().client(ProjectService).getProjectConfig({ project: "demo" }));
    expect(error.code).toBe(Code.NotFound);
    expect(error.rawMessage).toBe('project config "demo" not found in project "demo"');
  });

  it("returns the typed ProjectConfig", async () => {
    const res = await stack().client(ProjectService).getProjectConfig({ project: "configured" });
    const config = res.result.case === "projectConfig" ? res.result.value : undefined;
    expect(config?.spec?.promotionPolicies[0]).toMatchObject({ stage: "uat", autoPromotionEnabled: true });
  });

  it("returns the stored object as JSON", async () => {
    const res = await stack().client(ProjectService).getProjectConfig({ project: "configured", format: RawFormat.JSON });
    expect(JSON.parse(new TextDecoder().decode(res.result.value as Uint8Array))).toMatchObject({ kind: "ProjectConfig", metadata: { name: "configured" } });
  });
});

describe("ProjectService.UpdateProjectConfig", () => {
  it("is NOT_FOUND when the project does not exist", async () => {
    expect((await errorOf(stack().client(ProjectService).updateProjectConfig({ project: "nope", spec: autoPromoteTest }))).code).toBe(Code.NotFound);
  });

  it("is INVALID_ARGUMENT when the spec is missing", async () => {
    const error = await errorOf(stack().client(ProjectService).updateProjectConfig({ project: "demo" }));
    expect(error.code).toBe(Code.InvalidArgument);
    expect(error.rawMessage).toBe("spec should not be empty");
  });

  it("is ABORTED when resource_version names a version of a ProjectConfig that does not exist", async () => {
    expect((await errorOf(stack().client(ProjectService).updateProjectConfig({ project: "demo", spec: autoPromoteTest, resourceVersion: "5" }))).code).toBe(
      Code.Aborted,
    );
  });

  it("creates the ProjectConfig, named after the project, when missing", async () => {
    const res = await stack().client(ProjectService).updateProjectConfig({ project: "demo", spec: autoPromoteTest });
    expect(res.projectConfig?.metadata?.name).toBe("demo");
    const got = await stack().client(ProjectService).getProjectConfig({ project: "demo" });
    const config = got.result.case === "projectConfig" ? got.result.value : undefined;
    expect(config?.spec?.promotionPolicies.map((p) => p.stage)).toEqual(["test"]);
  });

  it("is ABORTED when resource_version is stale", async () => {
    expect(
      (await errorOf(stack().client(ProjectService).updateProjectConfig({ project: "configured", spec: autoPromoteTest, resourceVersion: "1" }))).code,
    ).toBe(Code.Aborted);
  });

  it("replaces the spec of an existing ProjectConfig and keeps its metadata", async () => {
    const res = await stack().client(ProjectService).updateProjectConfig({ project: "configured", spec: autoPromoteTest });
    expect(res.projectConfig?.spec?.promotionPolicies.map((p) => p.stage)).toEqual(["test"]);
    const stored = await fixtures(stack()).kube.get(RESOURCES.projectconfigs, { namespace: "configured", name: "configured" });
    expect(stored.metadata.labels?.["team"]).toBe("a");
    expect(stored["spec"]).toEqual({ promotionPolicies: [{ stage: "test", autoPromotionEnabled: true }] });
  });
});
