import type { KubeConfig } from "@kubernetes/client-node";
import { errorTargetOf } from "./error-target.js";
import { apiVersionOf, resourcePath, type ResourceType } from "./kargo-resources.js";
import type { KubeList, KubeObject } from "./kube-object.js";
import { kubeRequest, type KubeRequest } from "./kube-request.js";
import { toConnectError } from "./to-connect-error.js";

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
 * never a whole object read, converted through a proto message and written back (DESIGN).
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
}

/** Builds a KubeClient over a kubeconfig (embedded or real cluster alike). */
export function createKubeClient(kubeConfig: KubeConfig, options: KubeClientOptions = {}): KubeClient {
  const callerCredentials = options.callerCredentials ?? false;

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

  function patch(type: ResourceType, ref: ObjectRef, body: unknown, contentType: string, subresource: string | undefined, options: WriteOptions | undefined) {
    return call(type, ref.name, ref.namespace, {
      method: "PATCH",
      path: resourcePath(type, ref.namespace, ref.name, subresource),
      query: writeQuery(options),
      body,
      contentType,
      ...signalOf(options),
    }) as Promise<KubeObject>;
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

    create(type, object, options) {
      const namespace = object.metadata.namespace;
      const body = { ...object, apiVersion: apiVersionOf(type), kind: type.kind };
      return call(type, object.metadata.name ?? object.metadata.generateName, namespace, {
        method: "POST",
        path: resourcePath(type, namespace),
        query: writeQuery(options),
        body,
        ...signalOf(options),
      }) as Promise<KubeObject>;
    },

    mergePatch: (type, ref, body, options) => patch(type, ref, withResourceVersion(body, options?.resourceVersion), "application/merge-patch+json", undefined, options),

    patchStatus: (type, ref, body, options) => patch(type, ref, withResourceVersion(body, options?.resourceVersion), "application/merge-patch+json", "status", options),

    jsonPatch: (type, ref, operations, options) => patch(type, ref, operations, "application/json-patch+json", undefined, options),

    delete(type, ref, options) {
      const body: Record<string, unknown> = { apiVersion: "v1", kind: "DeleteOptions" };
      if (options?.propagationPolicy) body["propagationPolicy"] = options.propagationPolicy;
      if (options?.preconditions) body["preconditions"] = options.preconditions;
      if (options?.dryRun) body["dryRun"] = ["All"];
      return call(type, ref.name, ref.namespace, { method: "DELETE", path: resourcePath(type, ref.namespace, ref.name), body, ...signalOf(options) });
    },
  };
}

function signalOf(options: CallOptions | undefined): { signal?: AbortSignal } {
  return options?.signal ? { signal: options.signal } : {};
}
