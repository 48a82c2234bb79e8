import type { KubeClient } from "../../../src/kube/kube-client.js";
import { RESOURCES } from "../../../src/kube/kargo-resources.js";

/** Creates a namespace labelled as a Kargo project (what a Project's admission would create). */
export async function createProjectNamespace(client: KubeClient, name: string): Promise<void> {
  await client.create(RESOURCES.namespaces, { metadata: { name, labels: { "kargo.akuity.io/project": "true" } } });
}

/** A minimal valid Stage. */
export function stageObject(namespace: string, name: string, labels: Record<string, string> = {}) {
  return {
    metadata: { name, namespace, labels },
    spec: { requestedFreight: [{ origin: { kind: "Warehouse", name: "images" }, sources: { direct: true } }] },
  };
}
