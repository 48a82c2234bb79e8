import { Code } from "@connectrpc/connect";
import { KubeConfig } from "@kubernetes/client-node";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createKubeDiscovery, findInDiscovery } from "../../src/kube/kube-discovery.js";
import { useEmbeddedControlPlane } from "../embedded/support/use-embedded-control-plane.js";
import { countRequests } from "./support/count-requests.js";

// Against the embedded control plane's real discovery documents.
describe("KubeDiscovery", () => {
  const fixture = useEmbeddedControlPlane();

  it("lists a group version's resources and subresources, reading the document once", async () => {
    const config = fixture.kubeConfig();
    const requests = countRequests(config);
    const discovery = createKubeDiscovery(config);
    const resources = await discovery.resources("kargo.akuity.io", "v1alpha1");
    expect(resources).toContainEqual(expect.objectContaining({ name: "stages", kind: "Stage", namespaced: true }));
    expect(resources.some((r) => r.name === "stages/status")).toBe(true);
    expect((await discovery.resources("", "v1")).find((r) => r.name === "namespaces")).toMatchObject({ kind: "Namespace", namespaced: false });
    const before = requests.total;
    await discovery.resources("kargo.akuity.io", "v1alpha1");
    await discovery.resources("kargo.akuity.io", "v1alpha1", { refresh: true }); // younger than missRefreshMs
    expect(requests.total).toBe(before);
  });

  it("gives the core group and every group's preferred version", async () => {
    const served = await createKubeDiscovery(fixture.kubeConfig()).preferredResources();
    const groupOf = (resource: string) => served.filter((gv) => gv.resources.some((r) => r.name === resource)).map((gv) => `${gv.group}/${gv.version}`);
    expect(groupOf("secrets")).toEqual(["/v1"]);
    expect(groupOf("rolebindings")).toEqual(["rbac.authorization.k8s.io/v1"]);
    expect(groupOf("stages")).toEqual(["kargo.akuity.io/v1alpha1"]);
  });

  it("answers a group version the API does not serve with no resources, kept until a refresh asks again", async () => {
    const config = fixture.kubeConfig();
    const requests = countRequests(config);
    const reads = () => requests.urls.filter((u) => u.includes("/apis/widgets.example.com/v1")).length;
    // A negative missRefreshMs: every kept answer is old enough to be read again on a miss.
    const discovery = createKubeDiscovery(config, { missRefreshMs: -1 });
    expect(await discovery.resources("widgets.example.com", "v1")).toEqual([]);
    expect(await discovery.resources("widgets.example.com", "v1")).toEqual([]);
    expect(reads()).toBe(1);
    expect(await discovery.resources("widgets.example.com", "v1", { refresh: true })).toEqual([]);
    expect(reads()).toBe(2);
  });

  it("finds in the kept answer, and reads again only on a miss (findInDiscovery)", async () => {
    const config = fixture.kubeConfig();
    const requests = countRequests(config);
    const reads = () => requests.urls.filter((u) => u.includes("/apis/kargo.akuity.io/v1alpha1")).length;
    const discovery = createKubeDiscovery(config, { missRefreshMs: -1 });
    const find = (kind: string) =>
      findInDiscovery(
        (options) => discovery.resources("kargo.akuity.io", "v1alpha1", options),
        (resources) => resources.find((r) => r.kind === kind)?.name,
      );
    expect(await find("Stage")).toBe("stages");
    expect(await find("Warehouse")).toBe("warehouses");
    expect(reads()).toBe(1);
    expect(await find("Widget")).toBeUndefined();
    expect(reads()).toBe(2);
  });

  it("reads an answer again once it is older than ttlMs", async () => {
    const config = fixture.kubeConfig();
    const requests = countRequests(config);
    const discovery = createKubeDiscovery(config, { ttlMs: -1 });
    await discovery.preferredResources();
    const first = requests.total;
    await discovery.preferredResources();
    expect(requests.total).toBe(2 * first);
  });

  describe("when a read fails", () => {
    let server: Server | undefined;
    afterAll(async () => {
      server?.closeAllConnections();
      await new Promise((resolve) => server?.close(resolve));
    });

    it("is a ConnectError, and is not kept: the next call asks again", async () => {
      let calls = 0;
      server = createServer((_req, res) => {
        calls++;
        res.setHeader("content-type", "application/json");
        if (calls === 1) {
          res.statusCode = 503;
          res.end(JSON.stringify({ kind: "Status", apiVersion: "v1", status: "Failure", message: "busy", reason: "ServiceUnavailable", code: 503 }));
          return;
        }
        res.end(JSON.stringify({ kind: "APIResourceList", groupVersion: "v1", resources: [{ name: "pods", kind: "Pod", namespaced: true }] }));
      });
      await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
      const config = new KubeConfig();
      config.loadFromOptions({
        // client-node refuses plain HTTP unless TLS verification is (nominally) skipped.
        clusters: [{ name: "flaky", server: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, skipTLSVerify: true }],
        users: [{ name: "u", token: "t" }],
        contexts: [{ name: "c", cluster: "flaky", user: "u" }],
        currentContext: "c",
      });
      const discovery = createKubeDiscovery(config);
      const failure = await discovery.resources("", "v1").catch((error: unknown) => error);
      expect(failure).toMatchObject({ code: Code.Unavailable });
      expect(await discovery.resources("", "v1")).toEqual([{ name: "pods", kind: "Pod", namespaced: true }]);
      expect(calls).toBe(2);
    });
  });
});
