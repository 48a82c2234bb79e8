import { CoreV1Api, CustomObjectsApi, PatchStrategy, setHeaderOptions, type KubeConfig, type V1Secret } from "@kubernetes/client-node";
import type { KubeObject } from "../../domain/types.js";

const GROUP = "kargo.akuity.io";
const VERSION = "v1alpha1";
const MERGE_PATCH = setHeaderOptions("Content-Type", PatchStrategy.MergePatch);

/** The Kargo plural resource names the controllers read and write. */
export type KargoPlural = "projects" | "projectconfigs" | "warehouses" | "stages" | "freights" | "promotions" | "promotiontasks";

/**
 * What the embedded controllers need of the Kubernetes API, over @kubernetes/client-node exactly
 * as Kargo's controllers use client-go on a cluster: list, get, create, JSON merge patches of an
 * object or of its status subresource, and core Events. A missing object reads as undefined.
 */
export interface KargoClient {
  /**
   * The objects of a kind, deep-frozen and possibly the very array an earlier call returned (see
   * createKargoClient): read it, never change it. `readonly` makes the compiler refuse push, sort
   * or splice on it; copy (`[...list]`, `.filter`) to build on it.
   */
  list<T extends KubeObject>(plural: KargoPlural, namespace?: string): Promise<readonly T[]>;
  get<T extends KubeObject>(plural: KargoPlural, namespace: string, name: string): Promise<T | undefined>;
  create<T extends KubeObject>(plural: KargoPlural, namespace: string, body: object): Promise<T>;
  patch<T extends KubeObject>(plural: KargoPlural, namespace: string, name: string, patch: object): Promise<T>;
  patchStatus<T extends KubeObject>(plural: KargoPlural, namespace: string, name: string, status: object): Promise<T>;
  createEvent(namespace: string, event: object): Promise<void>;
  /** Secrets of a namespace matching a label selector (repository credentials). */
  listSecrets(namespace: string, labelSelector: string): Promise<V1Secret[]>;
}

/** A KargoClient for the cluster (or embedded API) of `kubeConfig`. */
export function createKargoClient(kubeConfig: KubeConfig): KargoClient {
  const custom = kubeConfig.makeApiClient(CustomObjectsApi);
  const core = kubeConfig.makeApiClient(CoreV1Api);
  const lists = new Map<string, { resourceVersion: string; items: readonly KubeObject[] }>();
  const listPage = async (plural: KargoPlural, namespace: string | undefined, limit?: number) =>
    (namespace
      ? await custom.listNamespacedCustomObject({ group: GROUP, version: VERSION, namespace, plural, limit })
      : await custom.listClusterCustomObject({ group: GROUP, version: VERSION, plural, limit })) as { metadata?: { resourceVersion?: string }; items?: KubeObject[] };
  return {
    async list<T extends KubeObject>(plural: KargoPlural, namespace?: string) {
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
    async get<T extends KubeObject>(plural: KargoPlural, namespace: string, name: string) {
      try {
        return (await custom.getNamespacedCustomObject({ group: GROUP, version: VERSION, namespace, plural, name })) as T;
      } catch (error) {
        if (isNotFound(error)) return undefined;
        throw error;
      }
    },
    async create<T extends KubeObject>(plural: KargoPlural, namespace: string, body: object) {
      return (await custom.createNamespacedCustomObject({ group: GROUP, version: VERSION, namespace, plural, body })) as T;
    },
    async patch<T extends KubeObject>(plural: KargoPlural, namespace: string, name: string, patch: object) {
      return (await custom.patchNamespacedCustomObject({ group: GROUP, version: VERSION, namespace, plural, name, body: patch }, MERGE_PATCH)) as T;
    },
    async patchStatus<T extends KubeObject>(plural: KargoPlural, namespace: string, name: string, status: object) {
      return (await custom.patchNamespacedCustomObjectStatus({ group: GROUP, version: VERSION, namespace, plural, name, body: { status } }, MERGE_PATCH)) as T;
    },
    async createEvent(namespace: string, event: object) {
      await core.createNamespacedEvent({ namespace, body: event as never });
    },
    async listSecrets(namespace: string, labelSelector: string) {
      return (await core.listNamespacedSecret({ namespace, labelSelector })).items;
    },
  };
}

/** True for client-node's error of a 404 answer. */
export function isNotFound(error: unknown): boolean {
  return (error as { code?: number } | null)?.code === 404;
}

/** Freezes a JSON value and everything in it; returns it. */
function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null && !Object.isFrozen(value)) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}
