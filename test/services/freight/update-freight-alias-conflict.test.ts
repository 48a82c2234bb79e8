import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CustomObjectsApi, PatchStrategy, setHeaderOptions } from "@kubernetes/client-node";
import { FreightService } from "../../../gen/kargo/api/v1/freight_service_pb.js";
import { ResourceService } from "../../../gen/kargo/api/v1/resource_service_pb.js";
import { freightName } from "../../../src/domain/freight-name.js";
import { useEmbeddedControlPlane } from "../../embedded/support/use-embedded-control-plane.js";
import { startRecordingHttpProxy, type RecordingHttpProxy } from "../../support/recording-http-proxy.js";
import { startKargoStack, type KargoStack } from "../../support/use-kargo-stack.js";
import { writeTokenKubeconfig } from "../../support/write-token-kubeconfig.js";
import { manifest, outcomes, projectObjects } from "../resource/resource-fixtures.js";

const PROJECT = "renaming";
const group = "kargo.akuity.io";
const version = "v1alpha1";

/**
 * UpdateFreightAlias when the Freight changes between the server's read and its patch (a controller
 * writing the Freight's status, as verification does): the caller named no version, so the rename
 * is decided again on the newer Freight instead of failing ABORTED. The server runs in Kubernetes
 * mode behind a proxy that holds its Freight informer's watch back, so its cache is certainly
 * behind when the status changes: the first patch conflicts every time, not by chance.
 */
describe("FreightService.UpdateFreightAlias while the Freight changes underneath", () => {
  const embedded = useEmbeddedControlPlane({ controllers: false });
  let dir = "";
  let proxy: RecordingHttpProxy | undefined;
  let stack: KargoStack | undefined;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "kargo-alias-conflict-"));
    proxy = await startRecordingHttpProxy(embedded.controlPlane.httpUrl);
    const kubeconfig = join(dir, "kubeconfig");
    writeTokenKubeconfig(kubeconfig, { server: proxy.url, token: embedded.controlPlane.serverToken });
    stack = await startKargoStack({ env: { KUBECONFIG: kubeconfig } });
    const { results } = await stack.client(ResourceService).createResource({ manifest: manifest(...projectObjects(PROJECT)) });
    expect(outcomes(results)).toEqual([`Namespace /${PROJECT}: createdResource`, `Project /${PROJECT}: createdResource`]);
  }, 60_000);
  afterAll(async () => {
    await stack?.close();
    await proxy?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("renames on the newer version, keeping the other write's status", async () => {
    const custom = embedded.kubeConfig().makeApiClient(CustomObjectsApi);
    const origin = { kind: "Warehouse", name: "images" };
    const images = [{ repoURL: "ghcr.io/example/app", tag: "1.0.0" }];
    const name = freightName({ origin, images });
    await custom.createNamespacedCustomObject({
      group,
      version,
      namespace: PROJECT,
      plural: "freights",
      body: {
        apiVersion: `${group}/${version}`,
        kind: "Freight",
        metadata: { name, labels: { "kargo.akuity.io/alias": "before" } },
        alias: "before",
        origin,
        images,
      },
    });
    const freight = stack!.client(FreightService);
    // The server's cache holds the Freight before its watch is held back.
    await eventually(async () => (await freight.getFreight({ project: PROJECT, name }).catch(() => undefined)) !== undefined);

    proxy!.hold((path) => path.includes("watch=true") && path.includes("freights"));
    await custom.patchNamespacedCustomObjectStatus(
      { group, version, namespace: PROJECT, plural: "freights", name, body: { status: { verifiedIn: { test: {} } } } },
      setHeaderOptions("Content-Type", PatchStrategy.MergePatch),
    );
    const patchesOfFreight = () => proxy!.requests().filter((r) => r.method === "PATCH" && r.path.includes(`/freights/${name}`)).length;
    const rename = freight.updateFreightAlias({ project: PROJECT, name, newAlias: "after" });
    // The first patch carries the cached (older) resourceVersion and conflicts; let the cache catch up.
    await eventually(async () => patchesOfFreight() >= 1);
    proxy!.release();

    const { freight: renamed } = await rename;
    expect(renamed?.alias).toBe("after");
    expect(renamed?.metadata?.labels["kargo.akuity.io/alias"]).toBe("after");
    expect(patchesOfFreight()).toBe(2);
    const stored = (await custom.getNamespacedCustomObject({ group, version, namespace: PROJECT, plural: "freights", name })) as {
      alias: string;
      status?: { verifiedIn?: Record<string, unknown> };
    };
    expect(stored.alias).toBe("after");
    expect(stored.status?.verifiedIn).toEqual({ test: {} });
  });
});

async function eventually(condition: () => Promise<boolean>): Promise<void> {
  while (!(await condition())) await new Promise((resolve) => setTimeout(resolve, 10));
}
