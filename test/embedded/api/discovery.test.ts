import { ApisApi, CoreV1Api, CustomObjectsApi, VersionApi } from "@kubernetes/client-node";
import { apiRequest } from "../support/api-request.js";
import { useEmbeddedControlPlane } from "../support/use-embedded-control-plane.js";

describe("embedded API discovery", () => {
  const fixture = useEmbeddedControlPlane();

  it("reports a Kubernetes 1.32 version", async () => {
    const version = await fixture.kubeConfig().makeApiClient(VersionApi).getCode();
    expect({ major: version.major, minor: version.minor }).toEqual({ major: "1", minor: "32" });
  });

  it("lists the core version and every named group", async () => {
    const core = await apiRequest(fixture.controlPlane, "/api");
    expect(core.json).toMatchObject({ kind: "APIVersions", versions: ["v1"] });
    const groups = await fixture.kubeConfig().makeApiClient(ApisApi).getAPIVersions();
    expect(groups.groups.map((g) => g.preferredVersion!.groupVersion).sort()).toEqual([
      "authentication.k8s.io/v1",
      "authorization.k8s.io/v1",
      "kargo.akuity.io/v1alpha1",
      "rbac.authorization.k8s.io/v1",
    ]);
  });

  it("describes the Kargo resources as their CRDs do, status subresources included", async () => {
    const list = (await fixture.kubeConfig().makeApiClient(CustomObjectsApi).getAPIResources({ group: "kargo.akuity.io", version: "v1alpha1" })) as any;
    const byName = new Map<string, any>(list.resources.map((r: any) => [r.name, r]));
    expect(byName.get("projects")).toMatchObject({ kind: "Project", namespaced: false, singularName: "project" });
    expect(byName.get("promotions")).toMatchObject({ kind: "Promotion", namespaced: true, shortNames: ["promo", "promos"] });
    expect(byName.get("stages").verbs).toEqual(expect.arrayContaining(["create", "get", "list", "watch", "patch", "update", "delete"]));
    // PromotionTask and ClusterPromotionTask CRDs have no status subresource; the others do.
    const statuses = list.resources.filter((r: any) => r.name.endsWith("/status")).map((r: any) => r.name).sort();
    expect(statuses).toEqual(["clusterconfigs/status", "freights/status", "projectconfigs/status", "projects/status", "promotions/status", "stages/status", "warehouses/status"]);
  });

  it("announces the ServiceAccount token subresource in the authentication group", async () => {
    const core = await fixture.kubeConfig().makeApiClient(CoreV1Api).getAPIResources();
    expect(core.resources.find((r) => r.name === "serviceaccounts/token")).toMatchObject({ group: "authentication.k8s.io", kind: "TokenRequest", verbs: ["create"] });
  });

  it("requires a token for discovery and 404s unknown group versions", async () => {
    expect((await apiRequest(fixture.controlPlane, "/apis", { token: null })).status).toBe(401);
    expect((await apiRequest(fixture.controlPlane, "/apis/kargo.akuity.io/v1")).status).toBe(404);
  });
});
