import { CoreV1Api, type KubeConfig } from "@kubernetes/client-node";
import { createCustomObjectClient, isNotFound, type CustomObjectClient } from "./kargo-client.js";

/** The Argo Rollouts plural resource names the analysis and verification controllers use. */
export type RolloutsPlural = "analysistemplates" | "clusteranalysistemplates" | "analysisruns";

/** What the analysis and verification controllers need of Argo Rollouts' kinds, plus Secret reads for `secretKeyRef` args. */
export interface RolloutsClient extends CustomObjectClient<RolloutsPlural> {
  /** One Secret's data (base64 values), undefined when missing. */
  getSecretData(namespace: string, name: string): Promise<Record<string, string> | undefined>;
}

/** A RolloutsClient (argoproj.io/v1alpha1) for the cluster or embedded API of `kubeConfig`. */
export function createRolloutsClient(kubeConfig: KubeConfig): RolloutsClient {
  const core = kubeConfig.makeApiClient(CoreV1Api);
  return {
    ...createCustomObjectClient<RolloutsPlural>(kubeConfig, "argoproj.io", "v1alpha1"),
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
