import type { KubeConfig } from "@kubernetes/client-node";
import type { KubeCaches } from "./cache/kube-caches.js";
import { errorTargetOf } from "./error-target.js";
import { apiVersionOf, resourcePath, type ResourceType } from "./kargo-resources.js";
import type { KubeList, KubeObject } from "./kube-object.js";
import { kubeRequest, type KubeRequest } from "./kube-request.js";
import { toConnectError } from "./to-connect-error.js";
import { READ_YOUR_WRITES_MS, waitForWrittenVersion } from "./cache/wait-for-written-version.js";
import { assertValidKargoObject } from "./assert-valid-kargo-object.js";
import { applyMergePatch } from "../util/apply-merge-patch.js";
import { KARGO_GROUP } from "../domain/kind-catalogue.js";

/** Addresses one object; `namespace` is ignored for cluster-scoped types. */
export interface ObjectRef {
  name: string;
  namespace?: string;
}

/** Options every call takes. */
export interface CallOptions {
  signal?: AbortSignal;
}

/** Options of list. */
export interface ListOptions extends CallOptions {
  /** Omit (or "") for all namespaces of a namespaced type. */
  namespace?: string;
  labelSelector?: string;
  fieldSelector?: string;
  limit?: number;
  continue?: string;
}

/** Options of writes. */
export interface WriteOptions extends CallOptions {
  /** Validate and admit without persisting (`dryRun=All`). */
  dryRun?: boolean;
  fieldManager?: string;
}

/** Options of patches. */
export interface PatchOptions extends WriteOptions {
  /**
   * Optimistic concurrency: the patch only applies if the object is still at this
   * resourceVersion, otherwise ABORTED (it is added to the patch as metadata.resourceVersion).
   */
  resourceVersion?: string;
}

/** Options of delete. */
export interface DeleteOptions extends WriteOptions {
  propagationPolicy?: "Foreground" | "Background" | "Orphan";
  preconditions?: { uid?: string; resourceVersion?: string };
}

/** One RFC 6902 operation. */
export type JsonPatchOperation =
  | { op: "add" | "replace" | "test"; path: string; value: unknown }
  | { op: "remove"; path: string }
  | { op: "move" | "copy"; from: string; path: string };

/**
 * Typed access to the Kubernetes API for writes and uncached reads, on the registered resource
 * types, with objects as plain Kubernetes JSON. Every failure is already a ConnectError (through
 * toConnectError) whose message names the object: `stage "prod" not found in project "demo"`;
 * the Kubernetes error is its `cause`.
 *
 * Writes are creates of objects the service built, or merge patches of the fields an RPC owns —
 * never a whole object read, converted through a proto message and written back (unknown fields
 * would be lost). `replace` is for ResourceService's manifests, which are whole objects already.
 * Reads for Get/List/Query RPCs come from the informer caches (src/kube/cache), not from here.
 */
export interface KubeClient {
  /** GET one object. Missing → NOT_FOUND. */
  get(type: ResourceType, ref: ObjectRef, options?: CallOptions): Promise<KubeObject>;
  /** LIST objects (one namespace, or all of them). */
  list(type: ResourceType, options?: ListOptions): Promise<KubeList>;
  /**
   * POST a new object. apiVersion and kind are filled in from `type`; the namespace comes from
   * `object.metadata.namespace`. Duplicate name → ALREADY_EXISTS; validation → INVALID_ARGUMENT.
   */
  create(type: ResourceType, object: KubeObject, options?: WriteOptions): Promise<KubeObject>;
  /**
   * PUT the whole object (`kubectl replace`): fields absent from it are removed; the status of a
   * type with a status subresource is kept by the API. apiVersion and kind are filled in from
   * `type`; name and namespace come from `object.metadata`. Custom resources need
   * metadata.resourceVersion: a stale one → ABORTED. Missing → NOT_FOUND.
   */
  replace(type: ResourceType, object: KubeObject, options?: WriteOptions): Promise<KubeObject>;
  /** PATCH with application/merge-patch+json (RFC 7386: null deletes a key; arrays are replaced). */
  mergePatch(type: ResourceType, ref: ObjectRef, patch: Record<string, unknown>, options?: PatchOptions): Promise<KubeObject>;
  /** Merge patch of the `status` subresource (spec changes in it are ignored by the API). */
  patchStatus(type: ResourceType, ref: ObjectRef, patch: Record<string, unknown>, options?: PatchOptions): Promise<KubeObject>;
  /** PATCH with application/json-patch+json; a failing `test` op → INVALID_ARGUMENT (422). */
  jsonPatch(type: ResourceType, ref: ObjectRef, operations: JsonPatchOperation[], options?: WriteOptions): Promise<KubeObject>;
  /**
   * DELETE one object. Resolves to the object as the API returned it (with deletionTimestamp
   * while finalizers remain) or the Status of a completed deletion. Missing → NOT_FOUND.
   */
  delete(type: ResourceType, ref: ObjectRef, options?: DeleteOptions): Promise<unknown>;
}

/** Options of createKubeClient. */
export interface KubeClientOptions {
  /**
   * The kubeconfig carries the caller's own token (a Kubernetes-token user) rather than the
   * server's identity: a 401 is then UNAUTHENTICATED instead of INTERNAL.
   */
  callerCredentials?: boolean;
  /**
   * Read-your-writes: after each write (not dry runs) wait until the informer cache of that type,
   * if started, has seen it, so the caller's next Get/List/Watch (served from the caches) shows
   * it. A cache that lags past `readYourWritesTimeoutMs` (default 5 s) does not fail the write.
   */
  caches?: KubeCaches;
  readYourWritesTimeoutMs?: number;
}

/** Builds a KubeClient over a kubeconfig (embedded or real cluster alike). */
export function createKubeClient(kubeConfig: KubeConfig, options: KubeClientOptions = {}): KubeClient {
  const callerCredentials = options.callerCredentials ?? false;
  const settleMs = options.readYourWritesTimeoutMs ?? READ_YOUR_WRITES_MS;

  /** Waits for the cache of `type` (if started) to reflect a written object. */
  async function settle(type: ResourceType, written: unknown, dryRun: boolean | undefined): Promise<void> {
    if (!dryRun) await waitForWrittenVersion(options.caches, type, written, settleMs);
  }

  /** After a delete: wait until the cache no longer has that object (or sees it terminating). */
  async function settleDelete(type: ResourceType, ref: ObjectRef, answer: unknown, dryRun: boolean | undefined): Promise<void> {
    const cache = options.caches?.peek(type);
    if (!cache || dryRun) return;
    const object = answer as { metadata?: { uid?: string; deletionTimestamp?: string; resourceVersion?: string }; details?: { uid?: string } };
    if (object.metadata?.deletionTimestamp && object.metadata.resourceVersion) {
      await cache.waitForVersion(object.metadata.resourceVersion, settleMs);
      return;
    }
    const uid = object.metadata?.uid ?? object.details?.uid;
    await cache.waitUntil(() => {
      const cached = cache.get(ref.namespace, ref.name);
      return !cached || (uid !== undefined && cached.metadata.uid !== uid) || cached.metadata.deletionTimestamp !== undefined;
    }, settleMs);
  }

  async function call(type: ResourceType, name: string | undefined, namespace: string | undefined, request: KubeRequest): Promise<unknown> {
    try {
      return await kubeRequest(kubeConfig, request);
    } catch (error) {
      throw toConnectError(error, { ...errorTargetOf(type, name, namespace), callerCredentials });
    }
  }

  function writeQuery(options: WriteOptions | undefined): KubeRequest["query"] {
    return { dryRun: options?.dryRun ? "All" : undefined, fieldManager: options?.fieldManager };
  }

  async function patch(
    type: ResourceType,
    ref: ObjectRef,
    body: unknown,
    contentType: string,
    subresource: string | undefined,
    options: WriteOptions | undefined,
  ) {
    const patched = (await call(type, ref.name, ref.namespace, {
      method: "PATCH",
      path: resourcePath(type, ref.namespace, ref.name, subresource),
      query: writeQuery(options),
      body,
      contentType,
      ...signalOf(options),
    })) as KubeObject;
    await settle(type, patched, options?.dryRun);
    return patched;
  }

  /**
   * A merge patch of a Kargo object's spec is checked on the object it produces (the cached copy,
   * else the stored one, patched here as the API will patch it), so that an update is refused
   * before it is written, like a create. Patches of metadata only (annotations that ask a
   * controller for something) change nothing validation looks at.
   */
  async function assertValidPatchResult(
    type: ResourceType,
    ref: ObjectRef,
    body: Record<string, unknown>,
    patchOptions: PatchOptions | undefined,
  ): Promise<void> {
    if (type.group !== KARGO_GROUP || !Object.hasOwn(body, "spec")) return;
    const namespace = type.namespaced ? ref.namespace : undefined;
    let current: unknown = options.caches?.peek(type)?.get(namespace, ref.name);
    if (current === undefined) {
      // Not cached: read it; when that fails the patch reports the same failure (NOT_FOUND …).
      current = await call(type, ref.name, namespace, { method: "GET", path: resourcePath(type, namespace, ref.name), ...signalOf(patchOptions) }).catch(
        () => undefined,
      );
    }
    if (current !== undefined) assertValidKargoObject(type, applyMergePatch(current, body), { name: ref.name, namespace });
  }

  function withResourceVersion(body: Record<string, unknown>, resourceVersion: string | undefined): Record<string, unknown> {
    if (resourceVersion === undefined) return body;
    const metadata = typeof body["metadata"] === "object" && body["metadata"] !== null ? body["metadata"] : {};
    return { ...body, metadata: { ...metadata, resourceVersion } };
  }

  return {
    get: (type, ref, options) =>
      call(type, ref.name, ref.namespace, { method: "GET", path: resourcePath(type, ref.namespace, ref.name), ...signalOf(options) }) as Promise<KubeObject>,

    async list(type, options) {
      const answer = (await call(type, undefined, options?.namespace, {
        method: "GET",
        path: resourcePath(type, options?.namespace || undefined),
        query: { labelSelector: options?.labelSelector, fieldSelector: options?.fieldSelector, limit: options?.limit, continue: options?.continue },
        ...signalOf(options),
      })) as { items?: KubeObject[]; metadata?: { resourceVersion?: string; continue?: string } };
      const list: KubeList = { items: answer.items ?? [], resourceVersion: answer.metadata?.resourceVersion ?? "" };
      if (answer.metadata?.continue) list.continue = answer.metadata.continue;
      return list;
    },

    async create(type, object, options) {
      const namespace = object.metadata.namespace;
      // Without it the POST would go to the all-namespaces collection: a bug in the caller.
      if (type.namespaced && !namespace) throw new Error(`create of a ${type.noun} without metadata.namespace`);
      const body = { ...object, apiVersion: apiVersionOf(type), kind: type.kind };
      assertValidKargoObject(type, body, { name: object.metadata.name ?? object.metadata.generateName, namespace, create: true });
      const created = (await call(type, object.metadata.name ?? object.metadata.generateName, namespace, {
        method: "POST",
        path: resourcePath(type, namespace),
        query: writeQuery(options),
        body,
        ...signalOf(options),
      })) as KubeObject;
      await settle(type, created, options?.dryRun);
      return created;
    },

    async replace(type, object, options) {
      const { name, namespace } = object.metadata;
      const body = { ...object, apiVersion: apiVersionOf(type), kind: type.kind };
      assertValidKargoObject(type, body, { name, namespace });
      const replaced = (await call(type, name, namespace, {
        method: "PUT",
        path: resourcePath(type, namespace, name),
        query: writeQuery(options),
        body,
        ...signalOf(options),
      })) as KubeObject;
      await settle(type, replaced, options?.dryRun);
      return replaced;
    },

    async mergePatch(type, ref, body, options) {
      await assertValidPatchResult(type, ref, body, options);
      return patch(type, ref, withResourceVersion(body, options?.resourceVersion), "application/merge-patch+json", undefined, options);
    },

    patchStatus: (type, ref, body, options) =>
      patch(type, ref, withResourceVersion(body, options?.resourceVersion), "application/merge-patch+json", "status", options),

    jsonPatch: (type, ref, operations, options) => patch(type, ref, operations, "application/json-patch+json", undefined, options),

    async delete(type, ref, options) {
      const body: Record<string, unknown> = { apiVersion: "v1", kind: "DeleteOptions" };
      if (options?.propagationPolicy) body["propagationPolicy"] = options.propagationPolicy;
      if (options?.preconditions) body["preconditions"] = options.preconditions;
      if (options?.dryRun) body["dryRun"] = ["All"];
      const answer = await call(type, ref.name, ref.namespace, {
        method: "DELETE",
        path: resourcePath(type, ref.namespace, ref.name),
        body,
        ...signalOf(options),
      });
      await settleDelete(type, ref, answer ?? {}, options?.dryRun);
      return answer;
    },
  };
}

function signalOf(options: CallOptions | undefined): { signal?: AbortSignal } {
  return options?.signal ? { signal: options.signal } : {};
}
