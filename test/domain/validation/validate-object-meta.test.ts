import type { FieldErrorReason } from "../../../src/domain/validation/field-error.js";
import { validateObjectMeta } from "../../../src/domain/validation/validate-object-meta.js";

const namespaced = { namespaced: true, kind: "Stage" };
const clusterScoped = { namespaced: false, kind: "Project" };

describe("validateObjectMeta", () => {
  describe("with valid metadata", () => {
    it.each<[string, unknown, { namespaced: boolean; kind?: string }]>([
      ["a namespaced object", { name: "prod", namespace: "kargo-demo" }, namespaced],
      ["a cluster-scoped object", { name: "kargo-demo" }, clusterScoped],
      ["an empty namespace on a cluster-scoped object", { name: "kargo-demo", namespace: "" }, clusterScoped],
      ["a generateName instead of a name", { generateName: "promo-", namespace: "kargo-demo" }, { namespaced: true, kind: "Promotion" }],
      [
        "labels, annotations, finalizers and an owner",
        {
          name: "prod",
          namespace: "kargo-demo",
          labels: { "kargo.akuity.io/shard": "", app: "Demo_1.x" },
          annotations: { "kargo.akuity.io/description": "anything at all: ✓", "Example.com/Key": "upper case is fine in annotation keys" },
          finalizers: ["kargo.akuity.io/finalizer", "kubernetes"],
          ownerReferences: [{ apiVersion: "kargo.akuity.io/v1alpha1", kind: "Stage", name: "prod", uid: "u1", controller: true }],
        },
        namespaced,
      ],
      ["a kind-less check (DNS subdomain)", { name: "a.b.c", namespace: "ns" }, { namespaced: true }],
    ])("accepts %s", (_, meta, options) => {
      expect(validateObjectMeta(meta, options)).toEqual([]);
    });

    it("accepts annotations of exactly 256 KiB", () => {
      const meta = { name: "x", annotations: { k: "v".repeat(256 * 1024 - 1) } };
      expect(validateObjectMeta(meta, clusterScoped)).toEqual([]);
    });
  });

  describe("with invalid metadata", () => {
    it.each<[string, unknown, { namespaced: boolean; kind?: string }, string, FieldErrorReason]>([
      ["no metadata", undefined, namespaced, "metadata", "FieldValueRequired"],
      ["metadata that is not an object", "x", namespaced, "metadata", "FieldValueTypeInvalid"],
      ["neither name nor generateName", { namespace: "ns" }, namespaced, "metadata.name", "FieldValueRequired"],
      ["a name that is not a string", { name: 5, namespace: "ns" }, namespaced, "metadata.name", "FieldValueTypeInvalid"],
      ["an invalid name", { name: "Prod", namespace: "ns" }, namespaced, "metadata.name", "FieldValueInvalid"],
      ["a Project name that is not a DNS label", { name: "kargo.demo" }, clusterScoped, "metadata.name", "FieldValueInvalid"],
      ["an invalid generateName", { generateName: "Promo-", namespace: "ns" }, namespaced, "metadata.generateName", "FieldValueInvalid"],
      ["a namespaced object without namespace", { name: "prod" }, namespaced, "metadata.namespace", "FieldValueRequired"],
      ["an invalid namespace", { name: "prod", namespace: "Kargo_Demo" }, namespaced, "metadata.namespace", "FieldValueInvalid"],
      ["a cluster-scoped object with a namespace", { name: "kargo-demo", namespace: "x" }, clusterScoped, "metadata.namespace", "FieldValueForbidden"],
      ["an invalid label key", { name: "p", namespace: "n", labels: { "bad key": "v" } }, namespaced, "metadata.labels", "FieldValueInvalid"],
      ["a label key with two slashes", { name: "p", namespace: "n", labels: { "a/b/c": "v" } }, namespaced, "metadata.labels", "FieldValueInvalid"],
      ["an invalid label value", { name: "p", namespace: "n", labels: { app: "-bad" } }, namespaced, "metadata.labels", "FieldValueInvalid"],
      ["a label value longer than 63", { name: "p", namespace: "n", labels: { app: "v".repeat(64) } }, namespaced, "metadata.labels", "FieldValueInvalid"],
      ["a label value that is not a string", { name: "p", namespace: "n", labels: { app: true } }, namespaced, "metadata.labels[app]", "FieldValueTypeInvalid"],
      ["labels that are a list", { name: "p", namespace: "n", labels: ["a"] }, namespaced, "metadata.labels", "FieldValueTypeInvalid"],
      ["an invalid annotation key", { name: "p", namespace: "n", annotations: { "a b": "v" } }, namespaced, "metadata.annotations", "FieldValueInvalid"],
      [
        "annotations over 256 KiB",
        { name: "p", namespace: "n", annotations: { k: "v".repeat(256 * 1024) } },
        namespaced,
        "metadata.annotations",
        "FieldValueTooLong",
      ],
      [
        "annotations over 256 KiB in total",
        { name: "p", namespace: "n", annotations: { a: "v".repeat(200 * 1024), b: "v".repeat(60 * 1024) } },
        namespaced,
        "metadata.annotations",
        "FieldValueTooLong",
      ],
      ["an unqualified custom finalizer", { name: "p", namespace: "n", finalizers: ["cleanup"] }, namespaced, "metadata.finalizers[0]", "FieldValueInvalid"],
      [
        "an owner reference without uid",
        { name: "p", namespace: "n", ownerReferences: [{ apiVersion: "v1", kind: "K", name: "x" }] },
        namespaced,
        "metadata.ownerReferences[0].uid",
        "FieldValueRequired",
      ],
      [
        "two controller owners",
        {
          name: "p",
          namespace: "n",
          ownerReferences: [
            { apiVersion: "v1", kind: "K", name: "x", uid: "1", controller: true },
            { apiVersion: "v1", kind: "K", name: "y", uid: "2", controller: true },
          ],
        },
        namespaced,
        "metadata.ownerReferences",
        "FieldValueInvalid",
      ],
    ])("reports %s", (_, meta, options, field, reason) => {
      expect(validateObjectMeta(meta, options)).toEqual([expect.objectContaining({ field, reason })]);
    });

    it("says name or generateName is required", () => {
      expect(validateObjectMeta({}, clusterScoped)).toEqual([
        { field: "metadata.name", reason: "FieldValueRequired", message: "Required value: name or generateName is required" },
      ]);
    });

    it("counts annotation size in bytes, not characters", () => {
      // 87,382 three-byte characters are 262,146 bytes: over the limit though far fewer characters.
      const meta = { name: "p", annotations: { k: "✓".repeat(87_382) } };
      expect(validateObjectMeta(meta, clusterScoped)).toEqual([
        { field: "metadata.annotations", reason: "FieldValueTooLong", message: "Too long: may not be more than 262144 bytes" },
      ]);
    });
  });
});
