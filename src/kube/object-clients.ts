import type { KubeConfig } from "@kubernetes/client-node";
import { KINDS, type KargoResource, type KindResource, type RolloutsResource } from "../domain/kind-catalogue.js";
import { deepFreeze } from "../util/deep-freeze.js";
import type { KubeCaches } from "./cache/kube-caches.js";
import { RESOURCES, resourcePath, type ResourceType } from "./kargo-resources.js";
import type { KubeObject } from "./kube-object.js";
import { kubeRequest } from "./kube-request.js";
import { waitForWrittenVersion } from "./cache/wait-for-written-version.js";

/**
 * The custom-object part of a controller's client: one API group's resources, by plural. Errors
 * are client-node's ApiException (`code` is the HTTP status), as the controllers' callers expect;
 * a missing object reads as undefined.
 */
export interface CustomObjectClient<P extends string> {
  /**
   * The objects of a kind (one namespace, or all), deep-frozen and shared: read them, never change
   * them; copy (`[...list]`, `.filter`) to build on them. With caches they come from the informer
   * cache (no request once synced), else from one LIST.
   */
  list<T extends KubeObject>(plural: P, namespace?: string): Promise<readonly T[]>;
  get<T extends KubeObject>(plural: P, namespace: string, name: string): Promise<T | undefined>;
  create<T extends KubeObject>(plural: P, namespace: string, body: object): Promise<T>;
  /** A JSON merge patch of the object. */
  patch<T extends KubeObject>(plural: P, namespace: string, name: string, patch: object): Promise<T>;
  /**
   * A JSON merge patch of the status subresource; an empty namespace addresses a cluster-scoped
   * object. With `resourceVersion` the patch carries it in `metadata`, which makes it conditional
   * (Kubernetes and the embedded API both treat it as a precondition): it fails with 409 Conflict
   * (isConflict) if the object changed since that version was read, instead of overwriting a
   * status someone else wrote meanwhile.
   */
  patchStatus<T extends KubeObject>(plural: P, namespace: string, name: string, status: object, options?: { resourceVersion?: string }): Promise<T>;
}

/**
 * What the embedded controllers need of the Kubernetes API, as Kargo's controllers use client-go
 * on a cluster: Kargo's kinds, core Events, and the Secrets of a namespace by label selector
 * (repository credentials).
 */
export interface KargoClient extends CustomObjectClient<KargoResource> {
  createEvent(namespace: string, event: object): Promise<void>;
  listSecrets(namespace: string, labelSelector: string): Promise<KubeObject[]>;
}

/** What the analysis and verification controllers need of Argo Rollouts' kinds, plus Secret reads for `secretKeyRef` args. */
export interface RolloutsClient extends CustomObjectClient<RolloutsResource> {
  /** One Secret's data (base64 values), undefined when missing. */
  getSecretData(namespace: string, name: string): Promise<Record<string, string> | undefined>;
}

/** Options of the controller clients. */
export interface ObjectClientOptions {
  /**
   * Lists read these informer caches, and each write waits until the cache of its type shows it
   * (read your writes: the next pass never acts again on what it just changed).
   */
  caches?: KubeCaches;
}

/** A KargoClient for the cluster (or embedded API) of `kubeConfig`. */
export function createKargoClient(kubeConfig: KubeConfig, options: ObjectClientOptions = {}): KargoClient {
  return {
    ...createCustomObjectClient<KargoResource>(kubeConfig, options),
    async createEvent(namespace, event) {
      await kubeRequest(kubeConfig, { method: "POST", path: resourcePath(RESOURCES.events, namespace), body: event });
    },
    async listSecrets(namespace, labelSelector) {
      const query = labelSelector ? { labelSelector } : {};
      const answer = (await kubeRequest(kubeConfig, { method: "GET", path: resourcePath(RESOURCES.secrets, namespace), query })) as { items?: KubeObject[] };
      return answer.items ?? [];
    },
  };
}

/** A RolloutsClient (argoproj.io/v1alpha1) for the cluster or embedded API of `kubeConfig`. */
export function createRolloutsClient(kubeConfig: KubeConfig, options: ObjectClientOptions = {}): RolloutsClient {
  return {
    ...createCustomObjectClient<RolloutsResource>(kubeConfig, options),
    async getSecretData(namespace, name) {
      const secret = await getObject(kubeConfig, RESOURCES.secrets, namespace, name);
      return secret === undefined ? undefined : ((secret["data"] as Record<string, string> | undefined) ?? {});
    },
  };
}

/** Reads and writes the kinds named by `P` (plurals of the kind catalogue) through src/kube's one request path. */
export function createCustomObjectClient<P extends KindResource>(kubeConfig: KubeConfig, options: ObjectClientOptions = {}): CustomObjectClient<P> {
  const { caches } = options;
  const typeOf = (plural: P): ResourceType => KINDS[plural];
  const written = async <T extends KubeObject>(type: ResourceType, request: Promise<unknown>): Promise<T> => {
    const object = (await request) as T;
    await waitForWrittenVersion(caches, type, object);
    return object;
  };
  const patch = <T extends KubeObject>(plural: P, namespace: string, name: string, body: object, subresource?: string) => {
    const type = typeOf(plural);
    const path = resourcePath(type, namespace || undefined, name, subresource);
    return written<T>(type, kubeRequest(kubeConfig, { method: "PATCH", path, body, contentType: "application/merge-patch+json" }));
  };
  return {
    async list<T extends KubeObject>(plural: P, namespace?: string) {
      const type = typeOf(plural);
      if (caches) {
        const cache = caches.cache(type);
        await cache.synced;
        return cache.list(namespace) as readonly T[];
      }
      const answer = (await kubeRequest(kubeConfig, { method: "GET", path: resourcePath(type, namespace || undefined) })) as { items?: T[] };
      return deepFreeze(answer.items ?? []);
    },
    get: <T extends KubeObject>(plural: P, namespace: string, name: string) => getObject(kubeConfig, typeOf(plural), namespace, name) as Promise<T | undefined>,
    create<T extends KubeObject>(plural: P, namespace: string, body: object) {
      const type = typeOf(plural);
      return written<T>(type, kubeRequest(kubeConfig, { method: "POST", path: resourcePath(type, namespace || undefined), body }));
    },
    patch: (plural, namespace, name, body) => patch(plural, namespace, name, body),
    patchStatus: (plural, namespace, name, status, { resourceVersion } = {}) =>
      patch(plural, namespace, name, resourceVersion ? { metadata: { resourceVersion }, status } : { status }, "status"),
  };
}

async function getObject(kubeConfig: KubeConfig, type: ResourceType, namespace: string, name: string): Promise<KubeObject | undefined> {
  try {
    return (await kubeRequest(kubeConfig, { method: "GET", path: resourcePath(type, namespace || undefined, name) })) as KubeObject;
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw error;
  }
}

/** True for the ApiException of a 404 answer. */
export function isNotFound(error: unknown): boolean {
  return (error as { code?: number } | null)?.code === 404;
}

/** True for the ApiException of a 409 answer: to a conditional write, the object changed since it was read. */
export function isConflict(error: unknown): boolean {
  return (error as { code?: number } | null)?.code === 409;
}
