import { Code } from "@connectrpc/connect";
import { parse } from "yaml";
import { RawFormat } from "../../../gen/kargo/api/v1/common_pb.js";
import { PromotionService } from "../../../gen/kargo/api/v1/promotion_service_pb.js";
import { useKargoStack } from "../../support/use-kargo-stack.js";
import { codeOf, errorOf, fixtures } from "../freight/kargo-fixtures.js";

const project = "getting";

describe("PromotionService.GetPromotion", () => {
  const stack = useKargoStack();
  const fx = fixtures(stack);
  let name = "";

  beforeAll(async () => {
    await fx.project(project);
    await fx.warehouse(project, "images");
    await fx.stage(project, "test", [{ sources: { direct: true } }]);
    const freight = await fx.freight(project, { alias: "one" });
    name = (await stack().client(PromotionService).promoteToStage({ project, stage: "test", freight })).promotion!.metadata!.name;
  });

  describe("without a name", () => {
    it("is INVALID_ARGUMENT", async () => {
      expect(await codeOf(stack().client(PromotionService).getPromotion({ project }))).toBe(Code.InvalidArgument);
    });
  });

  describe("when it does not exist", () => {
    it("is NOT_FOUND naming it", async () => {
      const error = await errorOf(stack().client(PromotionService).getPromotion({ project, name: "test.nope" }));
      expect(error.code).toBe(Code.NotFound);
      expect(error.rawMessage).toBe(`promotion "test.nope" not found in project "${project}"`);
    });
  });

  it("returns the typed Promotion", async () => {
    const res = await stack().client(PromotionService).getPromotion({ project, name });
    expect(res.result.case).toBe("promotion");
    expect(res.result.case === "promotion" && res.result.value.spec?.stage).toBe("test");
  });

  it("returns the stored object as YAML", async () => {
    const res = await stack().client(PromotionService).getPromotion({ project, name, format: RawFormat.YAML });
    expect(res.result.case).toBe("raw");
    const object = parse(new TextDecoder().decode(res.result.value as Uint8Array)) as { apiVersion: string; kind: string; metadata: { name: string } };
    expect(object).toMatchObject({ apiVersion: "kargo.akuity.io/v1alpha1", kind: "Promotion", metadata: { name } });
  });
});
