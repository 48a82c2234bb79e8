import { Code } from "@connectrpc/connect";
import { FreightService } from "../../../gen/kargo/api/v1/freight_service_pb.js";
import { useKargoStack } from "../../support/use-kargo-stack.js";
import { codeOf, errorOf, fixtures } from "./kargo-fixtures.js";

const project = "aliasing";

describe("FreightService.UpdateFreightAlias", () => {
  const stack = useKargoStack();
  const fx = fixtures(stack);
  let name = "";
  let other = "";

  beforeAll(async () => {
    await fx.project(project);
    name = await fx.freight(project, { alias: "old-name" });
    other = await fx.freight(project, { alias: "occupied" });
  });

  describe("with an invalid request", () => {
    it("is INVALID_ARGUMENT without a freight, without a new alias, or with one that is not a label value", async () => {
      const client = stack().client(FreightService);
      expect((await errorOf(client.updateFreightAlias({ project, newAlias: "x" }))).rawMessage).toBe("exactly one of name or old_alias should not be empty");
      expect((await errorOf(client.updateFreightAlias({ project, name }))).rawMessage).toBe("new_alias should not be empty");
      expect(await codeOf(client.updateFreightAlias({ project, name, newAlias: "-bad-" }))).toBe(Code.InvalidArgument);
    });
  });

  describe("when the freight does not exist", () => {
    it("is NOT_FOUND", async () => {
      expect(await codeOf(stack().client(FreightService).updateFreightAlias({ project, oldAlias: "nobody", newAlias: "x" }))).toBe(Code.NotFound);
    });
  });

  describe("when another freight has the new alias", () => {
    it("is ALREADY_EXISTS naming it", async () => {
      const error = await errorOf(stack().client(FreightService).updateFreightAlias({ project, name, newAlias: "occupied" }));
      expect(error.code).toBe(Code.AlreadyExists);
      expect(error.rawMessage).toBe(`alias "occupied" is already used by freight "${other}" in project "${project}"`);
    });
  });

  describe("with a free alias", () => {
    it("sets the alias and its label together; the Freight is then found by the new alias only", async () => {
      const client = stack().client(FreightService);
      const { freight } = await client.updateFreightAlias({ project, oldAlias: "old-name", newAlias: "new-name" });
      expect(freight?.alias).toBe("new-name");
      expect(freight?.metadata?.labels?.["kargo.akuity.io/alias"]).toBe("new-name");
      const found = await client.getFreight({ project, alias: "new-name" });
      expect(found.result.case === "freight" && found.result.value.metadata?.name).toBe(name);
      expect(await codeOf(client.getFreight({ project, alias: "old-name" }))).toBe(Code.NotFound);
    });
  });
});
