import { PatchStrategy, setHeaderOptions } from "@kubernetes/client-node";
import { ResourceService } from "../../../gen/kargo/api/v1/resource_service_pb.js";
import { freightName } from "../../../src/domain/freight-name.js";
import { useKargoStack } from "../../support/use-kargo-stack.js";
import { configMap, errorFor, manifest, outcomes, projectObjects, warehouse } from "./resource-fixtures.js";

const KARGO = { group: "kargo.akuity.io", version: "v1alpha1" };

describe("ResourceService.UpdateResource", () => {
  const stack = useKargoStack();
  const client = () => stack().client(ResourceService);
  const updateResource = (...objects: object[]) => client().updateResource({ manifest: manifest(...objects) });

  beforeAll(async () => {
    const [namespace, project] = projectObjects("upd");
    await client().createResource({ manifest: manifest(namespace!, project!, warehouse("upd", "images"), configMap("upd", "settings", { a: "1", b: "2" })) });
  });

  describe("when the object exists", () => {
    it("replaces it: fields left out of the manifest are removed", async () => {
      const { results } = await updateResource(configMap("upd", "settings", { a: "10" }));
      expect(outcomes(results)).toEqual(["ConfigMap upd/settings: updatedResource"]);
      expect((await stack().core.readNamespacedConfigMap({ namespace: "upd", name: "settings" })).data).toEqual({ a: "10" });
      expect((results[0]!.result.value as { data: object }).data).toEqual({ a: "10" });
    });

    it("replaces a Kargo object's spec and keeps its status", async () => {
      // What a controller would have written.
      await stack().custom.patchNamespacedCustomObjectStatus(
        { ...KARGO, namespace: "upd", plural: "warehouses", name: "images", body: { status: { message: "discovered" } } },
        setHeaderOptions("Content-Type", PatchStrategy.MergePatch),
      );
      const changed = warehouse("upd", "images") as { spec: { subscriptions: { image: { constraint: string } }[] } };
      changed.spec.subscriptions[0]!.image.constraint = "^2.0.0";
      const { results } = await updateResource(changed);
      expect(outcomes(results)).toEqual(["Warehouse upd/images: updatedResource"]);
      const stored = await stack().custom.getNamespacedCustomObject({ ...KARGO, namespace: "upd", plural: "warehouses", name: "images" });
      expect(stored.spec.subscriptions[0].image.constraint).toBe("^2.0.0");
      expect(stored.status.message).toBe("discovered");
    });

    it("is aborted when the manifest carries a stale resourceVersion", async () => {
      const stale = {
        ...(configMap("upd", "settings", { a: "stale" }) as { metadata: object }),
        metadata: { name: "settings", namespace: "upd", resourceVersion: "1" },
      };
      const { results } = await updateResource(stale);
      expect(outcomes(results)).toEqual(["ConfigMap upd/settings: aborted"]);
      expect((await stack().core.readNamespacedConfigMap({ namespace: "upd", name: "settings" })).data).toEqual({ a: "10" });
    });

    it("keeps the stored create-actor of a Project rather than the manifest's", async () => {
      const forged = {
        apiVersion: "kargo.akuity.io/v1alpha1",
        kind: "Project",
        metadata: { name: "upd", annotations: { "kargo.akuity.io/create-actor": "email:mallory@example.com", note: "x" } },
      };
      const { results } = await updateResource(forged);
      expect(outcomes(results)).toEqual(["Project /upd: updatedResource"]);
      const stored = await stack().custom.getClusterCustomObject({ ...KARGO, plural: "projects", name: "upd" });
      expect(stored.metadata.annotations).toEqual({ "kargo.akuity.io/create-actor": "admin", note: "x" });
    });
  });

  describe("when the object does not exist", () => {
    it("is not_found for that object only", async () => {
      const { results } = await updateResource(configMap("upd", "missing"), configMap("upd", "settings", { a: "11" }));
      expect(outcomes(results)).toEqual(["ConfigMap upd/missing: not_found", "ConfigMap upd/settings: updatedResource"]);
      expect(errorFor(results, "missing").message).toBe('config map "missing" not found in namespace "upd"');
    });
  });

  describe("with only a generateName", () => {
    it("is invalid_argument: an update needs a name", async () => {
      const { results } = await updateResource({ apiVersion: "v1", kind: "ConfigMap", metadata: { generateName: "x-", namespace: "upd" } });
      expect(errorFor(results, "")).toMatchObject({ code: "invalid_argument", message: "document 1: metadata.name should not be empty" });
    });
  });

  describe("with status a typed RPC owns", () => {
    it("cannot approve or verify Freight: status in a manifest is ignored on create and on replace", async () => {
      const [namespace, project] = projectObjects("owned");
      const artifacts = { origin: { kind: "Warehouse", name: "images" }, images: [{ repoURL: "registry.example.org/demo/app", tag: "1.0.0" }] };
      const name = freightName(artifacts);
      const status = { verifiedIn: { test: { verifiedAt: "2026-01-01T00:00:00Z" } }, approvedFor: { prod: {} } };
      const freight = { apiVersion: "kargo.akuity.io/v1alpha1", kind: "Freight", metadata: { name, namespace: "owned" }, ...artifacts, status };
      const created = await client().createResource({ manifest: manifest(namespace!, project!, warehouse("owned", "images"), freight) });
      expect(outcomes(created.results)).toEqual([
        "Namespace /owned: createdResource",
        "Project /owned: createdResource",
        "Warehouse owned/images: createdResource",
        `Freight owned/${name}: createdResource`,
      ]);
      const replaced = await client().updateResource({ manifest: manifest(freight) });
      expect(outcomes(replaced.results)).toEqual([`Freight owned/${name}: updatedResource`]);
      const stored = await stack().custom.getNamespacedCustomObject({ ...KARGO, namespace: "owned", plural: "freights", name });
      expect(stored.status?.verifiedIn ?? {}).toEqual({});
      expect(stored.status?.approvedFor ?? {}).toEqual({});
    });
  });
});
