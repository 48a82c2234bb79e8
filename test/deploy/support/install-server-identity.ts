import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { CoreV1Api, KubernetesObjectApi, type KubeConfig, type KubernetesObject } from "@kubernetes/client-node";
import { writeTokenKubeconfig } from "../../support/write-token-kubeconfig.js";
import { canMountPrivately, type InClusterLayout } from "../../support/server-process.js";
import { theObject, type RenderedObject } from "./render-kustomization.js";

/** How a server process reaches the cluster as the rendered ServiceAccount. */
export interface ServerIdentity {
  /** The pod's layout (KUBERNETES_SERVICE_HOST/PORT + ServiceAccount directory), when the machine allows it. */
  readonly inCluster?: InClusterLayout;
  /** Settings for the server: KUBECONFIG when there is no in-cluster layout, nothing otherwise. */
  readonly env: Record<string, string>;
  /**
   * A kubeconfig with the same token and CA, for a server started in this process (startKargoApi
   * cannot take a pod's layout: its mount namespace is the test's).
   */
  readonly kubeconfig: string;
}

/**
 * Creates the rendered Namespace, ServiceAccount, ClusterRole and ClusterRoleBinding with the
 * cluster admin's `admin` config, and gives the server what the kubelet gives a pod: a
 * TokenRequest token of the ServiceAccount and the API's CA, in the ServiceAccount directory
 * (token, ca.crt, namespace) that the server process alone sees at
 * /var/run/secrets/kubernetes.io/serviceaccount. Where the machine does not allow a private
 * mount, the same token and CA in a kubeconfig (with a warning). The kubeconfig is written in
 * both cases (`kubeconfig`).
 */
export async function installServerIdentity(
  admin: KubeConfig,
  controlPlane: { readonly url: string; readonly caCertificate: string },
  rendered: readonly RenderedObject[],
  dir: string,
): Promise<ServerIdentity> {
  const objects = KubernetesObjectApi.makeApiClient(admin);
  for (const kind of ["Namespace", "ServiceAccount", "ClusterRole", "ClusterRoleBinding"]) {
    await objects.create(theObject(rendered, kind) as unknown as KubernetesObject);
  }
  const serviceAccount = theObject(rendered, "ServiceAccount");
  const { status } = await admin.makeApiClient(CoreV1Api).createNamespacedServiceAccountToken({
    name: serviceAccount.metadata.name,
    namespace: serviceAccount.metadata.namespace!,
    body: { apiVersion: "authentication.k8s.io/v1", kind: "TokenRequest", spec: { audiences: [], expirationSeconds: 3600 } },
  });
  const token = status!.token!;
  const serviceAccountDir = join(dir, "serviceaccount");
  mkdirSync(serviceAccountDir);
  writeFileSync(join(serviceAccountDir, "token"), token, { mode: 0o600 });
  writeFileSync(join(serviceAccountDir, "ca.crt"), controlPlane.caCertificate);
  writeFileSync(join(serviceAccountDir, "namespace"), serviceAccount.metadata.namespace!);
  const kubeconfig = join(dir, "kubeconfig");
  writeTokenKubeconfig(kubeconfig, { server: controlPlane.url, token, caCertificate: controlPlane.caCertificate });
  const api = new URL(controlPlane.url);
  if (canMountPrivately()) return { inCluster: { host: api.hostname, port: api.port, serviceAccountDir }, env: {}, kubeconfig };

  console.warn("no private mount namespace here: the server reads the ServiceAccount token from a kubeconfig instead of the in-cluster layout");
  return { env: { KUBECONFIG: kubeconfig }, kubeconfig };
}
