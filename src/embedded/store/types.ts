/**
 * The contract between the embedded control plane's storage (src/embedded/store) and its HTTP
 * resource API (src/embedded/api). Objects are plain Kubernetes JSON; the store owns the fields
 * Kubernetes' API server owns (uid, resourceVersion, generation, creationTimestamp,
 * deletionTimestamp) and everything else is the caller's.
 */

// Object metadata is defined once for the whole tree (src/domain is shared, pure code).
export type { ObjectMeta, OwnerReference } from "../../domain/types.js";
import type { ObjectMeta } from "../../domain/types.js";
import type { ListJsonResult } from "./list-objects-json.js";

/** Any Kubernetes object, as JSON. */
export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: ObjectMeta;
  [field: string]: unknown;
}

/** Names one resource type: core group is "". */
export interface ResourceKey {
  readonly group: string;
  /** Plural lowercase resource name, e.g. "stages", "rolebindings". */
  readonly resource: string;
}

/** How a resource type behaves in the store; the API layer's registry supplies it. */
export interface ResourceTypeInfo extends ResourceKey {
  readonly namespaced: boolean;
  /**
   * True when the type has a status subresource: then a main-resource write keeps the stored
   * `status`, a status write changes only `status` (and metadata is kept), and `generation` moves
   * only on changes outside status and metadata.
   */
  readonly hasStatus: boolean;
}

/** Filter applied to objects in list and watch (the API layer builds it from label/field selectors). */
export type ObjectFilter = (object: KubeObject) => boolean;

export interface ListOptions {
  /** Omit for all namespaces (or for cluster-scoped types). */
  namespace?: string;
  filter?: ObjectFilter;
  /** Page size; 0 or undefined means everything. */
  limit?: number;
  /** Opaque token from a previous page's `continue`. */
  continue?: string;
}

export interface ListResult {
  /** Sorted by namespace, then name (Kubernetes lists in key order). */
  items: KubeObject[];
  /** The store's resourceVersion at the time of the list (the whole list is one consistent snapshot). */
  resourceVersion: string;
  /** Set when more items remain. */
  continue?: string;
  remainingItemCount?: number;
}

export type WatchEventType = "ADDED" | "MODIFIED" | "DELETED" | "BOOKMARK";

export interface WatchEvent {
  type: WatchEventType;
  /** For BOOKMARK only metadata.resourceVersion is meaningful. */
  object: KubeObject;
}

export interface WatchOptions {
  namespace?: string;
  filter?: ObjectFilter;
  /**
   * Start after this version: every change with a greater resourceVersion is delivered, in order.
   * Omitted or "0": first ADDED for every current object, then live changes. A version older than
   * the retained history throws a StoreError with reason "Expired" (HTTP 410 Gone).
   */
  resourceVersion?: string;
}

export interface Watcher {
  /** Stops delivery; safe to call twice. */
  close(): void;
}

export interface WriteOptions {
  /** "status" for the status subresource; undefined for the main resource. */
  subresource?: "status";
  /** Skip persisting when true (Kubernetes dryRun=All): validation and defaults only. */
  dryRun?: boolean;
}

export interface DeleteOptions {
  /** Fail with Conflict unless the stored object has this uid / resourceVersion. */
  preconditions?: { uid?: string; resourceVersion?: string };
  /** "Orphan" keeps dependents; "Background" (default) and "Foreground" delete them. */
  propagationPolicy?: "Orphan" | "Background" | "Foreground";
  dryRun?: boolean;
}

/** Kubernetes Status reasons the store raises; the API layer maps them to HTTP codes. */
export type StoreErrorReason = "NotFound" | "AlreadyExists" | "Conflict" | "Invalid" | "Expired" | "BadRequest";

/**
 * The store's durable object database. Every acknowledged write (a call that returned) is on disk;
 * resourceVersion is one counter across all types and never goes backwards, also across restarts.
 */
export interface ObjectStore {
  /** Assigns uid, resourceVersion, creationTimestamp, generation 1 and a name from generateName. */
  create(type: ResourceTypeInfo, object: KubeObject, options?: WriteOptions): KubeObject;
  get(type: ResourceTypeInfo, namespace: string | undefined, name: string): KubeObject | undefined;
  list(type: ResourceTypeInfo, options?: ListOptions): ListResult;
  /** list() with items as stored JSON text, for responses that are JSON anyway (see list-objects-json.ts). */
  listJson(type: ResourceTypeInfo, options?: ListOptions): ListJsonResult;
  /**
   * Replaces the object. When object.metadata.resourceVersion is set and differs from the stored
   * one → StoreError "Conflict". An update that removes the last finalizer of an object with a
   * deletionTimestamp deletes it.
   */
  update(type: ResourceTypeInfo, object: KubeObject, options?: WriteOptions): KubeObject;
  /**
   * Deletes the object, or, when it has finalizers, sets deletionTimestamp and returns it.
   * Dependents (ownerReferences by uid) are garbage-collected in the background per the policy;
   * deleting a Namespace removes every object in it.
   */
  delete(type: ResourceTypeInfo, namespace: string | undefined, name: string, options?: DeleteOptions): KubeObject;
  watch(type: ResourceTypeInfo, options: WatchOptions, onEvent: (event: WatchEvent) => void): Watcher;
  /** The newest resourceVersion the store has assigned. */
  currentResourceVersion(): string;
  /**
   * Resolves once every write made so far is on disk. At once, unless the store was opened with
   * `groupCommit` (then writes return before their group's COMMIT, and whoever acknowledges a
   * write, or answers with data a write may have touched, awaits this first); rejects when the
   * group's commit failed (its writes are then undone).
   */
  durable(): Promise<void>;
  /**
   * Commits the writes made so far now, synchronously (with `groupCommit`: the open group; without,
   * nothing is pending). A client's read calls it right before reading, so that it returns only
   * committed state and a list's resourceVersion covers every item; reads made while handling a
   * write (admission, validation) do not, and see the group's earlier writes. Throws what the
   * COMMIT threw: the group is then undone and its durable() callers reject.
   */
  commit(): void;
  close(): void;
}
