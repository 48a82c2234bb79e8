import { CustomObjectsApi, PatchStrategy, setHeaderOptions } from "@kubernetes/client-node";
import { FreightService } from "../../../gen/kargo/api/v1/freight_service_pb.js";
import { freightName } from "../../../src/domain/freight-name.js";
import { useProxiedKubernetesMode } from "../../support/use-proxied-kubernetes-mode.js";

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
  const { embedded, proxy: proxied, stack: server } = useProxiedKubernetesMode(PROJECT);

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
    const freight = server().client(FreightService);
    // The server's cache holds the Freight before its watch is held back.
    await eventually(async () => (await freight.getFreight({ project: PROJECT, name }).catch(() => undefined)) !== undefined);

    proxied().hold((path) => path.includes("watch=true") && path.includes("freights"));
    await custom.patchNamespacedCustomObjectStatus(
      { group, version, namespace: PROJECT, plural: "freights", name, body: { status: { verifiedIn: { test: {} } } } },
      setHeaderOptions("Content-Type", PatchStrategy.MergePatch),
    );
    const patchesOfFreight = () =>
      proxied()
        .requests()
        .filter((r) => r.method === "PATCH" && r.path.includes(`/freights/${name}`)).length;
    const rename = freight.updateFreightAlias({ project: PROJECT, name, newAlias: "after" });
    // The first patch carries the cached (older) resourceVersion and conflicts; let the cache catch up.
    await eventually(async () => patchesOfFreight() >= 1);
    proxied().release();

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
