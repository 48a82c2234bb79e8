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
      "argoproj.io/v1alpha1",
      "authentication.k8s.io/v1",
      "authorization.k8s.io/v1",
      "coordination.k8s.io/v1",
      "embedded.kargo.akuity.io/v1alpha1",
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
    const statuses = list.resources
      .filter((r: any) => r.name.endsWith("/status"))
      .map((r: any) => r.name)
      .sort();
    expect(statuses).toEqual([
      "clusterconfigs/status",
      "freights/status",
      "projectconfigs/status",
      "projects/status",
      "promotions/status",
      "stages/status",
      "warehouses/status",
    ]);
  });

  it("describes Argo Rollouts' analysis kinds as their CRDs do: short names, scope, no status subresource", async () => {
    const list = (await fixture.kubeConfig().makeApiClient(CustomObjectsApi).getAPIResources({ group: "argoproj.io", version: "v1alpha1" })) as any;
    const byName = new Map<string, any>(list.resources.map((r: any) => [r.name, r]));
    expect(byName.get("analysistemplates")).toMatchObject({ kind: "AnalysisTemplate", namespaced: true, shortNames: ["at"] });
    expect(byName.get("clusteranalysistemplates")).toMatchObject({ kind: "ClusterAnalysisTemplate", namespaced: false, shortNames: ["cat"] });
    expect(byName.get("analysisruns")).toMatchObject({ kind: "AnalysisRun", namespaced: true, shortNames: ["ar"] });
    expect(byName.get("analysisruns").verbs).toEqual(expect.arrayContaining(["create", "get", "list", "watch", "patch", "delete"]));
    expect(list.resources.filter((r: any) => r.name.endsWith("/status"))).toEqual([]);
  });

  it("announces the ServiceAccount token subresource in the authentication group", async () => {
    const core = await fixture.kubeConfig().makeApiClient(CoreV1Api).getAPIResources();
    expect(core.resources.find((r) => r.name === "serviceaccounts/token")).toMatchObject({
      group: "authentication.k8s.io",
      kind: "TokenRequest",
      verbs: ["create"],
    });
  });

  it("requires a token for discovery and 404s unknown group versions", async () => {
    expect((await apiRequest(fixture.controlPlane, "/apis", { token: null })).status).toBe(401);
    expect((await apiRequest(fixture.controlPlane, "/apis/kargo.akuity.io/v1")).status).toBe(404);
  });

  it("declares server-side field validation in OpenAPI v3, so kubectl apply skips client-side validation", async () => {
    const root = await apiRequest(fixture.controlPlane, "/openapi/v3");
    const kargo = root.json.paths["apis/kargo.akuity.io/v1alpha1"].serverRelativeURL;
    const document = (await apiRequest(fixture.controlPlane, kargo)).json;
    const patch = Object.values(document.paths as Record<string, any>)
      .map((p) => p.patch)
      .find((op) => op["x-kubernetes-group-version-kind"].kind === "Stage");
    expect(patch.parameters.map((p: any) => p.name)).toContain("fieldValidation");
  });

  it("serves an empty OpenAPI v2 document, as protobuf to client-go, so older kubectl validates nothing", async () => {
    const response = await apiRequest(fixture.controlPlane, "/openapi/v2", {
      headers: { Accept: "application/com.github.proto-openapi.spec.v2@v1.0+protobuf" },
    });
    expect(response.status).toBe(200);
    expect(response.headers["content-type"]).toBe("application/octet-stream");
    // Field 1 (swagger) = "2.0", then field 2 (info).
    expect(Buffer.from(response.text, "latin1").subarray(0, 5)).toEqual(Buffer.from([0x0a, 0x03, 0x32, 0x2e, 0x30]));
    const json = await apiRequest(fixture.controlPlane, "/openapi/v2", { headers: { Accept: "application/json" } });
    expect(json.json).toMatchObject({ swagger: "2.0", paths: {} });
  });
});
