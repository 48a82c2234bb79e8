import { CoreV1Api } from "@kubernetes/client-node";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Freight } from "../../../../src/domain/types.js";
import { discoverChart } from "../../../../src/embedded/controllers/warehouse/discover-chart.js";
import { parseImageRepository } from "../../../../src/embedded/registry/image-repository.js";
import { createRegistryClient } from "../../../../src/embedded/registry/registry-client.js";
import { startTestRegistry, type TestRegistry } from "../../registry/support/test-registry.js";
import { useControllers } from "../support/use-controllers.js";
import { eventually } from "../../../support/eventually.js";

const INDEX = `apiVersion: v1
entries:
  demo:
  - name: demo
    version: 1.2.0
  - name: demo
    version: 1.10.0
  - name: demo
    version: 2.0.0-beta.1
  - name: demo
    version: 0.9.0
  other:
  - name: other
    version: 5.0.0
`;

/** A static Helm repository on loopback: index.yaml, behind Basic auth when `password` is set. */
async function serveHelmRepository(password?: string): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer((request, response) => {
    if (password && request.headers.authorization !== `Basic ${Buffer.from(`helm:${password}`).toString("base64")}`)
      return void response.writeHead(401, { "WWW-Authenticate": 'Basic realm="charts"' }).end();
    if (request.url === "/charts/index.yaml") return void response.writeHead(200, { "Content-Type": "application/x-yaml" }).end(INDEX);
    response.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/charts`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

describe("chart discovery", () => {
  const fixture = useControllers();
  let http: Awaited<ReturnType<typeof serveHelmRepository>>;
  let privateHttp: Awaited<ReturnType<typeof serveHelmRepository>>;
  let registry: TestRegistry;

  beforeAll(async () => {
    http = await serveHelmRepository();
    privateHttp = await serveHelmRepository("chart-pa55");
    registry = await startTestRegistry();
    await registry.push("charts/demo", [
      { tag: "0.1.0", chart: { name: "demo", version: "0.1.0" } },
      { tag: "0.2.0_build.7", chart: { name: "demo", version: "0.2.0+build.7" } },
    ]);
    await fixture.createProject("charts");
  }, 120_000);
  afterAll(async () => {
    await http?.close();
    await privateHttp?.close();
    await registry?.stop();
  });

  const noRegistry = () => {
    throw new Error("no registry for an HTTP repository");
  };

  it("reads a classic repository's index.yaml: the named chart's versions within the constraint, highest first", async () => {
    const found = await discoverChart({ repoURL: http.url, name: "demo", semverConstraint: "^1.0.0" }, noRegistry, undefined);
    expect(found.artifacts).toEqual({ repoURL: http.url, name: "demo", semverConstraint: "^1.0.0", versions: ["1.10.0", "1.2.0"] });
    expect(found.newest).toEqual({ repoURL: http.url, name: "demo", version: "1.10.0" });
    expect((await discoverChart({ repoURL: http.url, name: "demo", discoveryLimit: 2 }, noRegistry, undefined)).artifacts.versions).toEqual([
      "2.0.0-beta.1",
      "1.10.0",
    ]);
  });

  it("reports a chart the index does not have, and a name missing for an HTTP repository", async () => {
    await expect(discoverChart({ repoURL: http.url, name: "absent" }, noRegistry, undefined)).rejects.toMatchObject({ reason: "RepositoryNotFound" });
    await expect(discoverChart({ repoURL: http.url }, noRegistry, undefined)).rejects.toThrow(/"name" is required/u);
  });

  it("reads an OCI chart's versions from the registry's tags (_ read as +)", async () => {
    const repoURL = `oci://${registry.host}/charts/demo`;
    const found = await discoverChart({ repoURL }, () => createRegistryClient({ repository: parseImageRepository(repoURL) }), undefined);
    expect(found.artifacts).toEqual({ repoURL, versions: ["0.2.0+build.7", "0.1.0"] });
    expect(found.newest).toEqual({ repoURL, version: "0.2.0+build.7" });
  });

  it("makes Freight of a Warehouse's chart with helm credentials from the project", async () => {
    const core = fixture.plane.kubeConfig().makeApiClient(CoreV1Api);
    await core.createNamespacedSecret({
      namespace: "charts",
      body: {
        metadata: { name: "charts", labels: { "kargo.akuity.io/cred-type": "helm" } },
        stringData: { repoURL: privateHttp.url, username: "helm", password: "chart-pa55" },
      },
    });
    await fixture.client.create("warehouses", "charts", {
      apiVersion: "kargo.akuity.io/v1alpha1",
      kind: "Warehouse",
      metadata: { name: "demo", namespace: "charts" },
      spec: {
        subscriptions: [
          { chart: { repoURL: privateHttp.url, name: "demo", semverConstraint: "<1.5" } },
          { chart: { repoURL: `oci://${registry.host}/charts/demo` } },
        ],
      },
    });
    let freight: Freight | undefined;
    await eventually(async () => (freight = (await fixture.client.list<Freight>("freights", "charts"))[0]) !== undefined);
    expect(freight!.charts).toEqual([
      { repoURL: privateHttp.url, name: "demo", version: "1.2.0" },
      { repoURL: `oci://${registry.host}/charts/demo`, version: "0.2.0+build.7" },
    ]);
    const status = ((await fixture.client.get("warehouses", "charts", "demo")) as unknown as { status: Record<string, any> }).status;
    expect(status.discoveredArtifacts.charts.map((c: { versions: string[] }) => c.versions[0])).toEqual(["1.2.0", "0.2.0+build.7"]);
  });
});
