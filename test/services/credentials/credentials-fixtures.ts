import { Code, ConnectError } from "@connectrpc/connect";
import { createKubeClient, RESOURCES, type KubeObject } from "../../../src/kube/index.js";
import type { KargoStack } from "../../support/use-kargo-stack.js";

export { errorOf } from "../common/fixtures.js";

/** A project namespace (labelled), made directly through the Kubernetes API. */
export async function createProjectNamespace(stack: KargoStack, name: string): Promise<void> {
  await createKubeClient(stack.kubeConfig).create(RESOURCES.namespaces, { metadata: { name, labels: { "kargo.akuity.io/project": "true" } } });
}

/** Writes a Secret directly (as kubectl or a controller would). */
export async function putSecret(
  stack: KargoStack,
  namespace: string,
  name: string,
  fields: { labels?: Record<string, string>; stringData: Record<string, string> },
): Promise<KubeObject> {
  return createKubeClient(stack.kubeConfig).create(RESOURCES.secrets, {
    metadata: { namespace, name, ...(fields.labels ? { labels: fields.labels } : {}) },
    stringData: fields.stringData,
  });
}

/** A Secret as stored, its data decoded; undefined when missing. */
export async function readSecret(
  stack: KargoStack,
  namespace: string,
  name: string,
): Promise<{ object: KubeObject; data: Record<string, string> } | undefined> {
  const object = await createKubeClient(stack.kubeConfig)
    .get(RESOURCES.secrets, { namespace, name })
    .catch((error: unknown) => {
      if (error instanceof ConnectError && error.code === Code.NotFound) return undefined;
      throw error;
    });
  if (object === undefined) return undefined;
  const data = Object.fromEntries(Object.entries((object["data"] ?? {}) as Record<string, string>).map(([k, v]) => [k, Buffer.from(v, "base64").toString()]));
  return { object, data };
}
