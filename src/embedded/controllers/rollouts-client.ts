import { CoreV1Api, type KubeConfig } from "@kubernetes/client-node";
import { ROLLOUTS_GROUP, type RolloutsResource } from "../../domain/kind-catalogue.js";
import { createCustomObjectClient, isNotFound, type CustomObjectClient } from "./kargo-client.js";

/** What the analysis and verification controllers need of Argo Rollouts' kinds, plus Secret reads for `secretKeyRef` args. */
export interface RolloutsClient extends CustomObjectClient<RolloutsResource> {
  /** One Secret's data (base64 values), undefined when missing. */
  getSecretData(namespace: string, name: string): Promise<Record<string, string> | undefined>;
}

/** A RolloutsClient (argoproj.io/v1alpha1) for the cluster or embedded API of `kubeConfig`. */
export function createRolloutsClient(kubeConfig: KubeConfig): RolloutsClient {
  const core = kubeConfig.makeApiClient(CoreV1Api);
  return {
    ...createCustomObjectClient<RolloutsResource>(kubeConfig, ROLLOUTS_GROUP, "v1alpha1"),
    async getSecretData(namespace, name) {
      try {
        return (await core.readNamespacedSecret({ namespace, name })).data ?? {};
      } catch (error) {
        if (isNotFound(error)) return undefined;
        throw error;
      }
    },
  };
}
