import { Code } from "@connectrpc/connect";
import { FreightService } from "../../../gen/kargo/api/v1/freight_service_pb.js";
import { useKargoStack } from "../../support/use-kargo-stack.js";
import { codeOf, errorOf, fixtures } from "./kargo-fixtures.js";

const project = "approving";

describe("FreightService.ApproveFreight", () => {
  const stack = useKargoStack();
  const fx = fixtures(stack);
  let name = "";

  beforeAll(async () => {
    await fx.project(project);
    await fx.stage(project, "test", [{ sources: { direct: true } }]);
    await fx.stage(project, "uat", [{ sources: { stages: ["test"] } }]);
    await fx.stage(project, "charts", [{ origin: "charts", sources: { direct: true } }]);
    name = await fx.freight(project, { alias: "candidate" });
  });

  describe("with an invalid request", () => {
    it("is INVALID_ARGUMENT without a freight or without a stage", async () => {
      const client = stack().client(FreightService);
      expect(await codeOf(client.approveFreight({ project, stage: "uat" }))).toBe(Code.InvalidArgument);
      expect((await errorOf(client.approveFreight({ project, name }))).rawMessage).toBe("stage should not be empty");
    });
  });

  describe("when the freight does not exist", () => {
    it("is NOT_FOUND", async () => {
      expect(await codeOf(stack().client(FreightService).approveFreight({ project, alias: "nobody", stage: "uat" }))).toBe(Code.NotFound);
    });
  });

  describe("when the stage does not exist", () => {
    it("is NOT_FOUND naming it", async () => {
      const error = await errorOf(stack().client(FreightService).approveFreight({ project, name, stage: "prod" }));
      expect(error.code).toBe(Code.NotFound);
      expect(error.rawMessage).toBe(`stage "prod" not found in project "${project}"`);
    });
  });

  describe("when the stage does not request the freight's origin", () => {
    it("is INVALID_ARGUMENT", async () => {
      const error = await errorOf(stack().client(FreightService).approveFreight({ project, name, stage: "charts" }));
      expect(error.code).toBe(Code.InvalidArgument);
      expect(error.rawMessage).toContain("does not request freight from origin Warehouse/images");
    });
  });

  describe("when the freight can be approved", () => {
    it("records the approval with its time and a FreightApproved event; approving again changes nothing", async () => {
      const client = stack().client(FreightService);
      const before = Date.now() - 1000;
      const { freight } = await client.approveFreight({ project, alias: "candidate", stage: "uat" });
      const approvedAt = freight?.status?.approvedFor["uat"]?.approvedAt;
      expect(Number(approvedAt?.seconds) * 1000).toBeGreaterThanOrEqual(before);

      const events = (await stack().core.listNamespacedEvent({ namespace: project })).items.filter((e) => e.reason === "FreightApproved");
      expect(events).toHaveLength(1);
      expect(events[0]?.message).toBe('Freight approved for Stage "uat" by "admin"');
      expect(events[0]?.involvedObject).toMatchObject({ kind: "Freight", name, namespace: project });
      expect(events[0]?.metadata.annotations).toMatchObject({
        "event.kargo.akuity.io/actor": "admin",
        "event.kargo.akuity.io/project": project,
        "event.kargo.akuity.io/stage-name": "uat",
        "event.kargo.akuity.io/freight-name": name,
        "event.kargo.akuity.io/freight-alias": "candidate",
      });

      const again = await client.approveFreight({ project, name, stage: "uat" });
      expect(again.freight?.status?.approvedFor["uat"]?.approvedAt).toEqual(approvedAt);
      expect((await stack().core.listNamespacedEvent({ namespace: project })).items.filter((e) => e.reason === "FreightApproved")).toHaveLength(1);
    });
  });
});
