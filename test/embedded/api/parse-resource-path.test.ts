import { parseResourcePath } from "../../../src/embedded/api/parse-resource-path.js";

describe("parseResourcePath", () => {
  it.each([
    ["/api/v1/namespaces", { group: "", version: "v1", resource: "namespaces", watchPath: false }],
    ["/api/v1/namespaces/team", { group: "", version: "v1", resource: "namespaces", namespace: "team", name: "team", watchPath: false }],
    [
      "/api/v1/namespaces/team/status",
      { group: "", version: "v1", resource: "namespaces", namespace: "team", name: "team", subresource: "status", watchPath: false },
    ],
    ["/api/v1/namespaces/team/configmaps", { group: "", version: "v1", resource: "configmaps", namespace: "team", watchPath: false }],
    [
      "/api/v1/namespaces/team/serviceaccounts/ci/token",
      { group: "", version: "v1", resource: "serviceaccounts", namespace: "team", name: "ci", subresource: "token", watchPath: false },
    ],
    ["/api/v1/configmaps", { group: "", version: "v1", resource: "configmaps", watchPath: false }],
    [
      "/apis/kargo.akuity.io/v1alpha1/namespaces/p/stages/test/status",
      { group: "kargo.akuity.io", version: "v1alpha1", resource: "stages", namespace: "p", name: "test", subresource: "status", watchPath: false },
    ],
    ["/apis/kargo.akuity.io/v1alpha1/projects/p", { group: "kargo.akuity.io", version: "v1alpha1", resource: "projects", name: "p", watchPath: false }],
    ["/api/v1/watch/namespaces/team/configmaps/x", { group: "", version: "v1", resource: "configmaps", namespace: "team", name: "x", watchPath: true }],
    [
      "/apis/rbac.authorization.k8s.io/v1/clusterroles/system%3Adiscovery",
      { group: "rbac.authorization.k8s.io", version: "v1", resource: "clusterroles", name: "system:discovery", watchPath: false },
    ],
  ])("parses %s", (path, expected) => {
    expect(parseResourcePath(path)).toEqual(expected);
  });

  it.each(["/", "/api", "/api/v1", "/apis", "/apis/kargo.akuity.io", "/apis/kargo.akuity.io/v1alpha1", "/version", "/api/v1/a/b/c/d"])(
    "leaves %s to discovery and 404 handling",
    (path) => {
      expect(parseResourcePath(path)).toBeUndefined();
    },
  );
});
