import { Code } from "@connectrpc/connect";
import { RawFormat } from "../../../gen/kargo/api/v1/common_pb.js";
import { StageService } from "../../../gen/kargo/api/v1/stage_service_pb.js";
import { parse } from "yaml";
import { useKargoStack } from "../../support/use-kargo-stack.js";
import { errorOf, fixtures } from "../common/fixtures.js";

const stack = useKargoStack();

describe("StageService.GetStage", () => {
  beforeAll(async () => {
    const f = fixtures(stack());
    await f.project("demo");
    await f.namespace("plain");
    await f.stage("demo", "test");
    await f.stage("demo", "uat", {
      requestedFreight: [
        { origin: { kind: "Warehouse", name: "wh" }, sources: { stages: ["test"] } },
        { origin: { kind: "Warehouse", name: "other" }, sources: { direct: true } },
      ],
    });
    await f.stage("demo", "prod", { requestedFreight: [{ origin: { kind: "Warehouse", name: "other" }, sources: { direct: true } }] });
  });

  describe("when the project is empty", () => {
    it("is INVALID_ARGUMENT naming the field", async () => {
      const error = await errorOf(stack().client(StageService).getStage({ project: "", name: "test" }));
      expect(error.code).toBe(Code.InvalidArgument);
      // The authorization interceptor answers first: the project names the namespace of its review.
      expect(error.rawMessage).toMatch(/^project /);
    });
  });

  describe("when the project does not exist", () => {
    it("is NOT_FOUND naming the project", async () => {
      const error = await errorOf(stack().client(StageService).getStage({ project: "nope", name: "test" }));
      expect(error.code).toBe(Code.NotFound);
      expect(error.rawMessage).toBe('project "nope" not found');
    });
  });

  describe("when the namespace is not a project", () => {
    it("is INVALID_ARGUMENT", async () => {
      const error = await errorOf(stack().client(StageService).getStage({ project: "plain", name: "test" }));
      expect(error.code).toBe(Code.InvalidArgument);
      expect(error.rawMessage).toMatch(/namespace "plain" is not a project/);
    });
  });

  describe("when the name is empty", () => {
    it("is INVALID_ARGUMENT", async () => {
      const error = await errorOf(stack().client(StageService).getStage({ project: "demo", name: " " }));
      expect(error.code).toBe(Code.InvalidArgument);
      expect(error.rawMessage).toBe("name should not be empty");
    });
  });

  describe("when the stage does not exist", () => {
    it("is NOT_FOUND naming the stage and project", async () => {
      const error = await errorOf(stack().client(StageService).getStage({ project: "demo", name: "stg" }));
      expect(error.code).toBe(Code.NotFound);
      expect(error.rawMessage).toBe('stage "stg" not found in project "demo"');
    });
  });

  describe("when it exists", () => {
    it("returns the typed stage", async () => {
      const res = await stack().client(StageService).getStage({ project: "demo", name: "test" });
      expect(res.result.case).toBe("stage");
      const stage = res.result.case === "stage" ? res.result.value : undefined;
      expect(stage?.metadata?.name).toBe("test");
      expect(stage?.spec?.requestedFreight[0]?.origin?.name).toBe("wh");
      expect(stage?.spec?.promotionTemplate?.spec?.steps[0]?.uses).toBe("fake-step");
    });

    it("returns the stored object as JSON with apiVersion and kind", async () => {
      const res = await stack().client(StageService).getStage({ project: "demo", name: "test", format: RawFormat.JSON });
      expect(res.result.case).toBe("raw");
      const raw = JSON.parse(new TextDecoder().decode(res.result.value as Uint8Array));
      expect(raw).toMatchObject({ apiVersion: "kargo.akuity.io/v1alpha1", kind: "Stage", metadata: { name: "test", namespace: "demo" } });
    });

    it("returns the stored object as YAML", async () => {
      const res = await stack().client(StageService).getStage({ project: "demo", name: "test", format: RawFormat.YAML });
      const raw = parse(new TextDecoder().decode(res.result.value as Uint8Array));
      expect(raw).toMatchObject({ kind: "Stage", spec: { requestedFreight: [{ origin: { name: "wh" } }] } });
    });
  });
});

describe("StageService.ListStages", () => {
  beforeAll(async () => {
    const f = fixtures(stack());
    await f.project("listing");
    await f.stage("listing", "c");
    await f.stage("listing", "a");
    await f.stage("listing", "b", { requestedFreight: [{ origin: { kind: "Warehouse", name: "other" }, sources: { direct: true } }] });
  });

  describe("when the project does not exist", () => {
    it("is NOT_FOUND", async () => {
      expect((await errorOf(stack().client(StageService).listStages({ project: "nope" }))).code).toBe(Code.NotFound);
    });
  });

  describe("when the page token belongs to another query", () => {
    it("is INVALID_ARGUMENT", async () => {
      const first = await stack().client(StageService).listStages({ project: "listing", pageSize: 1 });
      const error = await errorOf(
        stack()
          .client(StageService)
          .listStages({ project: "listing", pageSize: 1, pageToken: first.nextPageToken, freightOrigins: ["wh"] }),
      );
      expect(error.code).toBe(Code.InvalidArgument);
    });
  });

  it("lists the project's stages by name", async () => {
    const res = await stack().client(StageService).listStages({ project: "listing" });
    expect(res.stages.map((s) => s.metadata?.name)).toEqual(["a", "b", "c"]);
    expect(res.totalSize).toBe(3);
    expect(res.nextPageToken).toBe("");
  });

  it("keeps only stages requesting freight from the named warehouses", async () => {
    const res = await stack()
      .client(StageService)
      .listStages({ project: "listing", freightOrigins: ["other"] });
    expect(res.stages.map((s) => s.metadata?.name)).toEqual(["b"]);
    expect(res.totalSize).toBe(1);
  });

  it("pages through the stages with next_page_token", async () => {
    const client = stack().client(StageService);
    const names: string[] = [];
    let pageToken = "";
    let pages = 0;
    do {
      const res = await client.listStages({ project: "listing", pageSize: 2, pageToken });
      expect(res.totalSize).toBe(3);
      names.push(...res.stages.map((s) => s.metadata?.name ?? ""));
      pageToken = res.nextPageToken;
      pages++;
    } while (pageToken !== "");
    expect(pages).toBe(2);
    expect(names).toEqual(["a", "b", "c"]);
  });
});
