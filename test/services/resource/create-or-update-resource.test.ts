import { ResourceService } from "../../../gen/kargo/api/v1/resource_service_pb.js";
import { useKargoStack } from "../../support/use-kargo-stack.js";
import { configMap, manifest, outcomes, projectObjects, warehouse } from "./resource-fixtures.js";

describe("ResourceService.CreateOrUpdateResource", () => {
  const stack = useKargoStack();
  const createOrUpdate = (...objects: object[]) =>
    stack()
      .client(ResourceService)
      .createOrUpdateResource({ manifest: manifest(...objects) });

  describe("when nothing exists yet", () => {
    it("creates every object, the project first", async () => {
      const [namespace, project] = projectObjects("upsert");
      const { results } = await createOrUpdate(warehouse("upsert", "images"), project!, namespace!, configMap("upsert", "settings", { a: "1" }));
      expect(outcomes(results)).toEqual([
        "Namespace /upsert: createdResource",
        "Project /upsert: createdResource",
        "Warehouse upsert/images: createdResource",
        "ConfigMap upsert/settings: createdResource",
      ]);
    });
  });

  describe("when some objects exist", () => {
    it("replaces those and creates the others", async () => {
      const { results } = await createOrUpdate(configMap("upsert", "settings", { a: "2" }), configMap("upsert", "fresh"));
      expect(outcomes(results)).toEqual(["ConfigMap upsert/settings: updatedResource", "ConfigMap upsert/fresh: createdResource"]);
      expect((await stack().core.readNamespacedConfigMap({ namespace: "upsert", name: "settings" })).data).toEqual({ a: "2" });
    });

    it("reports a failing replace on its object", async () => {
      const invalid = { ...(warehouse("upsert", "images") as object), spec: { subscriptions: "not a list" } };
      const { results } = await createOrUpdate(invalid, configMap("upsert", "after"));
      expect(outcomes(results)).toEqual(["Warehouse upsert/images: invalid_argument", "ConfigMap upsert/after: createdResource"]);
    });
  });

  describe("with only a generateName", () => {
    it("always creates", async () => {
      const generated = { apiVersion: "v1", kind: "ConfigMap", metadata: { generateName: "many-", namespace: "upsert" } };
      const { results } = await createOrUpdate(generated, generated);
      expect(results.map((r) => r.result.case)).toEqual(["createdResource", "createdResource"]);
      expect(results[0]!.name).not.toBe(results[1]!.name);
    });
  });
});
