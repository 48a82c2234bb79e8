import { Code } from "@connectrpc/connect";
import { PromotionService } from "../../../gen/kargo/api/v1/promotion_service_pb.js";
import { useKargoStack } from "../../support/use-kargo-stack.js";
import { foreignProjectAdminToken } from "../common/foreign-caller.js";
import { codeOf, errorOf, fixtures } from "../freight/kargo-fixtures.js";

const project = "refreshing";
const REFRESH = "kargo.akuity.io/refresh";

describe("PromotionService.RefreshPromotion", () => {
  const stack = useKargoStack();
  const fx = fixtures(stack);
  const promotions = (token?: string) => stack().client(PromotionService, token);
  let name = "";
  let outsider = "";

  beforeAll(async () => {
    await fx.project(project);
    await fx.warehouse(project, "images");
    await fx.stage(project, "test", [{ sources: { direct: true } }]);
    const freight = await fx.freight(project, { alias: "first" });
    name = (await promotions().promoteToStage({ project, stage: "test", freight })).promotion!.metadata!.name;
    outsider = await foreignProjectAdminToken(stack(), "elsewhere");
  });

  it("is INVALID_ARGUMENT without a name or a project", async () => {
    expect((await errorOf(promotions().refreshPromotion({ project }))).rawMessage).toBe("name should not be empty");
    expect(await codeOf(promotions().refreshPromotion({ name: "x" }))).toBe(Code.InvalidArgument);
  });

  it("is NOT_FOUND when the promotion or the project does not exist", async () => {
    const error = await errorOf(promotions().refreshPromotion({ project, name: "test.missing" }));
    expect(error.code).toBe(Code.NotFound);
    expect(error.rawMessage).toContain('"test.missing"');
    expect(await codeOf(promotions().refreshPromotion({ project: "nowhere", name }))).toBe(Code.NotFound);
  });

  it("is PERMISSION_DENIED for the admin of another project, and sets nothing", async () => {
    expect(await codeOf(promotions(outsider).refreshPromotion({ project, name }))).toBe(Code.PermissionDenied);
    const res = await promotions().getPromotion({ project, name });
    expect(res.result.case === "promotion" && res.result.value.metadata?.annotations[REFRESH]).toBeFalsy();
  });

  it("sets a new refresh token on every call, and the controller records the one it handled", async () => {
    const first = (await promotions().refreshPromotion({ project, name })).promotion!.metadata!.annotations[REFRESH]!;
    const second = (await promotions().refreshPromotion({ project, name })).promotion!.metadata!.annotations[REFRESH]!;
    expect(Number.isNaN(Date.parse(first))).toBe(false);
    expect(second).not.toBe(first);
    // The embedded promotion controller reconciles it and records the token (Kargo's bookkeeping).
    for (;;) {
      const res = await promotions().getPromotion({ project, name });
      if (res.result.case === "promotion" && res.result.value.status?.lastHandledRefresh === second) break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  });
});
