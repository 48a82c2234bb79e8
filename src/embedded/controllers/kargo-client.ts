import { CoreV1Api, CustomObjectsApi, PatchStrategy, setHeaderOptions, type KubeConfig, type V1Secret } from "@kubernetes/client-node";
import { KARGO_GROUP, type KargoResource } from "../../domain/kind-catalogue.js";
import type { KubeObject } from "../../domain/types.js";
import { deepFreeze } from "../../util/deep-freeze.js";

const VERSION = "v1alpha1";
const MERGE_PATCH = setHeaderOptions("Content-Type", PatchStrategy.MergePatch);

/**
 * What the embedded controllers need of the Kubernetes API, over @kubernetes/client-node exactly
 * as Kargo's controllers use client-go on a cluster: list, get, create, JSON merge patches of an
 * object or of its status subresource, and core Events. A missing object reads as undefined.
 */
export interface KargoClient extends CustomObjectClient<KargoResource> {
  createEvent(namespace: string, event: object): Promise<void>;
  /** Secrets of a namespace matching a label selector (repository credentials). */
  listSecrets(namespace: string, labelSelector: string): Promise<V1Secret[]>;
}

/** The custom-object part of a client: one API group's resources, by plural. */
export interface CustomObjectClient<P extends string> {
  /**
   * The objects of a kind, deep-frozen and possibly the very array an earlier call returned (see
   * createCustomObjectClient): read it, never change it. `readonly` makes the compiler refuse push,
   * sort or splice on it; copy (`[...list]`, `.filter`) to build on it.
   */
  list<T extends KubeObject>(plural: P, namespace?: string): Promise<readonly T[]>;
  get<T extends KubeObject>(plural: P, namespace: string, name: string): Promise<T | undefined>;
  create<T extends KubeObject>(plural: P, namespace: string, body: object): Promise<T>;
  patch<T extends KubeObject>(plural: P, namespace: string, name: string, patch: object): Promise<T>;
  patchStatus<T extends KubeObject>(plural: P, namespace: string, name: string, status: object): Promise<T>;
}

/** A KargoClient for the cluster (or embedded API) of `kubeConfig`. */
export function createKargoClient(kubeConfig: KubeConfig): KargoClient {
  const core = kubeConfig.makeApiClient(CoreV1Api);
  return {
    ...createCustomObjectClient<KargoResource>(kubeConfig, KARGO_GROUP, VERSION),
    async createEvent(namespace: string, event: object) {
      await core.createNamespacedEvent({ namespace, body: event as never });
    },
    async listSecrets(namespace: string, labelSelector: string) {
      return (await core.listNamespacedSecret({ namespace, labelSelector })).items;
    },
  };
}

/**
 * Reads and writes the custom objects of one API group (`kargo.akuity.io`, `argoproj.io`).
 * An empty namespace addresses a cluster-scoped object.
 */
export function createCustomObjectClient<P extends string>(kubeConfig: KubeConfig, group: string, version: string): CustomObjectClient<P> {
  const custom = kubeConfig.makeApiClient(CustomObjectsApi);
  const lists = new Map<string, { resourceVersion: string; items: readonly KubeObject[] }>();
  const listPage = async (plural: P, namespace: string | undefined, limit?: number) =>
    (namespace
      ? await custom.listNamespacedCustomObject({ group, version, namespace, plural, limit })
      : await custom.listClusterCustomObject({ group, version, plural, limit })) as { metadata?: { resourceVersion?: string }; items?: KubeObject[] };
  return {
    async list<T extends KubeObject>(plural: P, namespace?: string) {
      // The controllers list every pass (every 500 ms). The embedded API's list resourceVersion is
      // its one global counter, so an unchanged version on a one-item probe means nothing anywhere
      // was written since the last full list: reuse it instead of fetching and parsing every
      // object again. Reused items are frozen, so no reconciler can carry a change across passes.
      const key = `${plural}/${namespace ?? ""}`;
      const previous = lists.get(key);
      if (previous !== undefined && (await listPage(plural, namespace, 1)).metadata?.resourceVersion === previous.resourceVersion) {
        return previous.items as readonly T[];
      }
      const page = await listPage(plural, namespace);
      const items: readonly KubeObject[] = deepFreeze(page.items ?? []);
      if (page.metadata?.resourceVersion) lists.set(key, { resourceVersion: page.metadata.resourceVersion, items });
      return items as readonly T[];
    },
    async get<T extends KubeObject>(plural: P, namespace: string, name: string) {
      try {
        return (
          namespace
            ? await custom.getNamespacedCustomObject({ group, version, namespace, plural, name })
            : await custom.getClusterCustomObject({ group, version, plural, name })
        ) as T;
      } catch (error) {
        if (isNotFound(error)) return undefined;
        throw error;
      }
    },
    async create<T extends KubeObject>(plural: P, namespace: string, body: object) {
      return (await custom.createNamespacedCustomObject({ group, version, namespace, plural, body })) as T;
    },
    async patch<T extends KubeObject>(plural: P, namespace: string, name: string, patch: object) {
      return (await custom.patchNamespacedCustomObject({ group, version, namespace, plural, name, body: patch }, MERGE_PATCH)) as T;
    },
    async patchStatus<T extends KubeObject>(plural: P, namespace: string, name: string, status: object) {
      // An empty namespace addresses a cluster-scoped object (ClusterConfig).
      if (namespace === "") return (await custom.patchClusterCustomObjectStatus({ group, version, plural, name, body: { status } }, MERGE_PATCH)) as T;
      return (await custom.patchNamespacedCustomObjectStatus({ group, version, namespace, plural, name, body: { status } }, MERGE_PATCH)) as T;
    },
  };
}

/** True for client-node's error of a 404 answer. */
export function isNotFound(error: unknown): boolean {
  return (error as { code?: number } | null)?.code === 404;
}
