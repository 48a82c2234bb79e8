import { Code } from "@connectrpc/connect";
import { FreightService } from "../../../gen/kargo/api/v1/freight_service_pb.js";
import { useKargoStack } from "../../support/use-kargo-stack.js";
import { codeOf, errorOf, fixtures } from "./kargo-fixtures.js";

const project = "deleting";

describe("FreightService.DeleteFreight", () => {
  const stack = useKargoStack();
  const fx = fixtures(stack);

  beforeAll(async () => {
    await fx.project(project);
    await fx.stage(project, "test", [{ sources: { direct: true } }]);
  });

  describe("without a name or alias", () => {
    it("is INVALID_ARGUMENT", async () => {
      expect(await codeOf(stack().client(FreightService).deleteFreight({ project }))).toBe(Code.InvalidArgument);
    });
  });

  describe("when the freight does not exist", () => {
    it("is NOT_FOUND", async () => {
      expect(await codeOf(stack().client(FreightService).deleteFreight({ project, name: "feed" }))).toBe(Code.NotFound);
    });
  });

  describe("when a stage uses the freight", () => {
    it("is FAILED_PRECONDITION naming the stage, and keeps the Freight", async () => {
      const name = await fx.freight(project, { alias: "deployed" });
      await fx.stageStatus(project, "test", {
        freightHistory: [{ id: "c1", items: { "Warehouse/images": { name, origin: { kind: "Warehouse", name: "images" } } } }],
      });
      const error = await errorOf(stack().client(FreightService).deleteFreight({ project, alias: "deployed" }));
      expect(error.code).toBe(Code.FailedPrecondition);
      expect(error.rawMessage).toBe(`freight "${name}" in project "${project}" is in use by stage "test"`);
      expect((await stack().client(FreightService).getFreight({ project, name })).result.case).toBe("freight");
    });
  });

  describe("when nothing uses the freight", () => {
    it("deletes it", async () => {
      const name = await fx.freight(project, { alias: "unused" });
      await stack().client(FreightService).deleteFreight({ project, name });
      expect(await codeOf(stack().client(FreightService).getFreight({ project, name }))).toBe(Code.NotFound);
    });
  });
});
