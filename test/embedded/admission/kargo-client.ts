import { ApiException, CoreV1Api, CustomObjectsApi, PatchStrategy, setHeaderOptions, type KubeConfig } from "@kubernetes/client-node";

export const KARGO = { group: "kargo.akuity.io", version: "v1alpha1" } as const;

/** Kargo objects through client-node's CustomObjectsApi, for one identity. */
export interface KargoClient {
  core: CoreV1Api;
  custom: CustomObjectsApi;
  create(plural: string, namespace: string | undefined, body: object): Promise<any>;
  get(plural: string, namespace: string | undefined, name: string): Promise<any>;
  mergePatch(plural: string, namespace: string, name: string, body: object): Promise<any>;
  mergePatchStatus(plural: string, namespace: string, name: string, body: object): Promise<any>;
  remove(plural: string, namespace: string | undefined, name: string): Promise<any>;
}

/** A KargoClient over the given kubeconfig. */
export function kargoClient(config: KubeConfig): KargoClient {
  const custom = config.makeApiClient(CustomObjectsApi);
  const merge = setHeaderOptions("Content-Type", PatchStrategy.MergePatch);
  return {
    core: config.makeApiClient(CoreV1Api),
    custom,
    create: (plural, namespace, body) =>
      namespace === undefined
        ? custom.createClusterCustomObject({ ...KARGO, plural, body })
        : custom.createNamespacedCustomObject({ ...KARGO, namespace, plural, body }),
    get: (plural, namespace, name) =>
      namespace === undefined
        ? custom.getClusterCustomObject({ ...KARGO, plural, name })
        : custom.getNamespacedCustomObject({ ...KARGO, namespace, plural, name }),
    mergePatch: (plural, namespace, name, body) => custom.patchNamespacedCustomObject({ ...KARGO, namespace, plural, name, body }, merge),
    mergePatchStatus: (plural, namespace, name, body) => custom.patchNamespacedCustomObjectStatus({ ...KARGO, namespace, plural, name, body }, merge),
    remove: (plural, namespace, name) =>
      namespace === undefined
        ? custom.deleteClusterCustomObject({ ...KARGO, plural, name })
        : custom.deleteNamespacedCustomObject({ ...KARGO, namespace, plural, name }),
  };
}

/** The Kubernetes Status a failed call answered (code, reason, message, details), or a thrown error when it succeeded. */
export async function failureOf(promise: Promise<unknown>): Promise<{ code: number; reason: string; message: string; details?: any }> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ApiException) {
      const body = typeof error.body === "string" ? JSON.parse(error.body) : error.body;
      return { code: error.code, reason: body.reason, message: body.message, details: body.details };
    }
    throw error;
  }
  throw new Error("expected the call to fail");
}

/** A token for ServiceAccount namespace/name, from the TokenRequest API. */
export async function serviceAccountToken(core: CoreV1Api, namespace: string, name: string): Promise<string> {
  const request = await core.createNamespacedServiceAccountToken({ name, namespace, body: { spec: { expirationSeconds: 3600 } } });
  return request.status!.token!;
}
