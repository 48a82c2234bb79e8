import { RESOURCES, apiVersionOf, resourcePath, resourceTypeOf } from "../../src/kube/kargo-resources.js";

describe("the resource registry", () => {
  it("has Kargo's nine kinds with their scope", () => {
    const kargo = Object.values(RESOURCES).filter((t) => t.group === "kargo.akuity.io");
    expect(kargo.map((t) => `${t.kind}:${t.namespaced ? "ns" : "cluster"}`).sort()).toEqual([
      "ClusterConfig:cluster",
      "ClusterPromotionTask:cluster",
      "Freight:ns",
      "Project:cluster",
      "ProjectConfig:ns",
      "Promotion:ns",
      "PromotionTask:ns",
      "Stage:ns",
      "Warehouse:ns",
    ]);
  });

  it("builds core, group, namespaced, cluster and subresource paths", () => {
    expect(resourcePath(RESOURCES.stages, "demo", "prod", "status")).toBe("/apis/kargo.akuity.io/v1alpha1/namespaces/demo/stages/prod/status");
    expect(resourcePath(RESOURCES.stages)).toBe("/apis/kargo.akuity.io/v1alpha1/stages");
    expect(resourcePath(RESOURCES.projects, "ignored", "demo")).toBe("/apis/kargo.akuity.io/v1alpha1/projects/demo");
    expect(resourcePath(RESOURCES.secrets, "demo")).toBe("/api/v1/namespaces/demo/secrets");
    expect(resourcePath(RESOURCES.rolebindings, "demo", "x")).toBe("/apis/rbac.authorization.k8s.io/v1/namespaces/demo/rolebindings/x");
  });

  it("escapes names in paths", () => {
    expect(resourcePath(RESOURCES.configmaps, "demo", "a/b")).toBe("/api/v1/namespaces/demo/configmaps/a%2Fb");
  });

  it("finds a type by apiVersion and kind", () => {
    expect(resourceTypeOf("kargo.akuity.io/v1alpha1", "Freight")).toBe(RESOURCES.freights);
    expect(resourceTypeOf("v1", "Secret")).toBe(RESOURCES.secrets);
    expect(resourceTypeOf("apps/v1", "Deployment")).toBeUndefined();
    expect(apiVersionOf(RESOURCES.roles)).toBe("rbac.authorization.k8s.io/v1");
  });
});
