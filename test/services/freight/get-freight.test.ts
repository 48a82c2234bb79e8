import { Code } from "@connectrpc/connect";
import { RawFormat } from "../../../gen/kargo/api/v1/common_pb.js";
import { FreightService } from "../../../gen/kargo/api/v1/freight_service_pb.js";
import { useKargoStack } from "../../support/use-kargo-stack.js";
import { codeOf, errorOf, fixtures } from "./kargo-fixtures.js";

const project = "get-freight";

describe("FreightService.GetFreight", () => {
  const stack = useKargoStack();
  const fx = fixtures(stack);
  let name = "";

  beforeAll(async () => {
    await fx.project(project);
    name = await fx.freight(project, { alias: "known-otter" });
  });

  describe("with both or neither of name and alias", () => {
    it("is INVALID_ARGUMENT", async () => {
      const client = stack().client(FreightService);
      const error = await errorOf(client.getFreight({ project }));
      expect(error.code).toBe(Code.InvalidArgument);
      expect(error.rawMessage).toBe("exactly one of name or alias should not be empty");
      expect(await codeOf(client.getFreight({ project, name, alias: "known-otter" }))).toBe(Code.InvalidArgument);
    });
  });

  describe("when the project does not exist", () => {
    it("is NOT_FOUND", async () => {
      expect(await codeOf(stack().client(FreightService).getFreight({ project: "nope", name }))).toBe(Code.NotFound);
    });
  });

  describe("when the freight does not exist", () => {
    it("is NOT_FOUND by name and by alias", async () => {
      const client = stack().client(FreightService);
      expect((await errorOf(client.getFreight({ project, name: "feed" }))).rawMessage).toBe(`freight "feed" not found in project "${project}"`);
      const error = await errorOf(client.getFreight({ project, alias: "lost-lemur" }));
      expect(error.code).toBe(Code.NotFound);
      expect(error.rawMessage).toBe(`freight with alias "lost-lemur" not found in project "${project}"`);
    });
  });

  it("returns the Freight by name and by alias", async () => {
    const client = stack().client(FreightService);
    for (const req of [
      { project, name },
      { project, alias: "known-otter" },
    ]) {
      const res = await client.getFreight(req);
      expect(res.result.case).toBe("freight");
      expect(res.result.case === "freight" && res.result.value).toMatchObject({
        alias: "known-otter",
        metadata: { name },
        origin: { kind: "Warehouse", name: "images" },
      });
    }
  });

  it("returns the stored object as JSON", async () => {
    const res = await stack().client(FreightService).getFreight({ project, alias: "known-otter", format: RawFormat.JSON });
    expect(res.result.case).toBe("raw");
    const object = JSON.parse(new TextDecoder().decode(res.result.value as Uint8Array)) as Record<string, unknown>;
    expect(object).toMatchObject({ apiVersion: "kargo.akuity.io/v1alpha1", kind: "Freight", alias: "known-otter", metadata: { name } });
  });
});
