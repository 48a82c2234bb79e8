import { ResourceService } from "../../../gen/kargo/api/v1/resource_service_pb.js";
import { useKargoStack } from "../../support/use-kargo-stack.js";
import { configMap, errorFor, manifest, outcomes, projectObjects, warehouse } from "./resource-fixtures.js";

const KARGO = { group: "kargo.akuity.io", version: "v1alpha1" };

describe("ResourceService.DeleteResource", () => {
  const stack = useKargoStack();
  const client = () => stack().client(ResourceService);
  const deleteResource = (...objects: object[]) => client().deleteResource({ manifest: manifest(...objects) });
  const [namespace, project] = projectObjects("gone");

  beforeAll(async () => {
    await client().createResource({
      manifest: manifest(namespace!, project!, warehouse("gone", "images"), configMap("gone", "settings"), configMap("gone", "other")),
    });
  });

  describe("when the objects exist", () => {
    it("deletes them, the Project then the Namespace last, and returns each as the manifest gave it", async () => {
      const { results } = await deleteResource(namespace!, project!, warehouse("gone", "images"), configMap("gone", "settings"));
      expect(outcomes(results)).toEqual([
        "Warehouse gone/images: deletedResource",
        "ConfigMap gone/settings: deletedResource",
        "Project /gone: deletedResource",
        "Namespace /gone: deletedResource",
      ]);
      expect(results[1]!.result.value).toEqual(configMap("gone", "settings"));
      await expect(stack().custom.getNamespacedCustomObject({ ...KARGO, namespace: "gone", plural: "warehouses", name: "images" })).rejects.toMatchObject({
        code: 404,
      });
      await expect(stack().custom.getClusterCustomObject({ ...KARGO, plural: "projects", name: "gone" })).rejects.toMatchObject({ code: 404 });
    });
  });

  describe("when an object does not exist", () => {
    it("is not_found for that object only", async () => {
      const { results } = await deleteResource(configMap("gone", "never-was"), configMap("elsewhere", "nope"));
      expect(outcomes(results)).toEqual(["ConfigMap gone/never-was: not_found", "ConfigMap elsewhere/nope: not_found"]);
      expect(errorFor(results, "never-was").message).toContain('config map "never-was" not found');
    });
  });

  describe("when an object lacks what identifies it", () => {
    it("is invalid_argument for that object", async () => {
      const { results } = await deleteResource(
        { apiVersion: "v1", kind: "ConfigMap", metadata: { generateName: "x-", namespace: "gone" } },
        { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "other" } },
      );
      expect(outcomes(results)).toEqual(["ConfigMap gone/: invalid_argument", "ConfigMap /other: invalid_argument"]);
    });
  });
});
