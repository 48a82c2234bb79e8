import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ResourceService } from "../../gen/kargo/api/v1/resource_service_pb.js";
import { useEmbeddedControlPlane, type EmbeddedControlPlaneFixture } from "../embedded/support/use-embedded-control-plane.js";
import { manifest, outcomes, projectObjects } from "../services/resource/resource-fixtures.js";
import { startRecordingHttpProxy, type RecordingHttpProxy } from "./recording-http-proxy.js";
import { startKargoStack, type KargoStack } from "./use-kargo-stack.js";
import { writeTokenKubeconfig } from "./write-token-kubeconfig.js";

/** A server in Kubernetes mode whose every request to the Kubernetes API goes through a recording proxy. */
export interface ProxiedKubernetesMode {
  /** The embedded control plane standing in for a cluster (reached directly, not through the proxy). */
  readonly embedded: EmbeddedControlPlaneFixture;
  proxy(): RecordingHttpProxy;
  stack(): KargoStack;
}

/**
 * Starts, for one test file, an embedded control plane without controllers standing in for a
 * cluster, a recording proxy in front of it (tests read what reached the API, or hold responses
 * back), and the server in Kubernetes mode through a kubeconfig naming the proxy, with `project`
 * created through the server. Call at describe level; everything is stopped after the file.
 */
export function useProxiedKubernetesMode(project: string): ProxiedKubernetesMode {
  const embedded = useEmbeddedControlPlane({ controllers: false });
  let dir = "";
  let proxy: RecordingHttpProxy | undefined;
  let stack: KargoStack | undefined;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "kargo-kube-mode-"));
    proxy = await startRecordingHttpProxy(embedded.controlPlane.httpUrl);
    const kubeconfig = join(dir, "kubeconfig");
    // client-node takes a plain-HTTP server only with TLS verification off; it is loopback.
    writeTokenKubeconfig(kubeconfig, { server: proxy.url, token: embedded.controlPlane.serverToken });
    stack = await startKargoStack({ env: { KUBECONFIG: kubeconfig } });
    expect(stack.running.embedded).toBeUndefined();
    const { results } = await stack.client(ResourceService).createResource({ manifest: manifest(...projectObjects(project)) });
    expect(outcomes(results)).toEqual([`Namespace /${project}: createdResource`, `Project /${project}: createdResource`]);
  }, 60_000);
  afterAll(async () => {
    await stack?.close();
    await proxy?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });
  const started = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error("not started yet (use it inside tests)");
    return value;
  };
  return { embedded, proxy: () => started(proxy), stack: () => started(stack) };
}
