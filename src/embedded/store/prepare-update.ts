import { jsonEqual } from "../../util/json-equal.js";
import { StoreError, type StoreErrorDetails } from "./store-error.js";
import type { KubeObject, ResourceTypeInfo, WriteOptions } from "./types.js";
import { cloneJson } from "../../util/clone-json.js";

/** What an update will store, and whether it ends the object's life. */
export interface PreparedUpdate {
  /** The new object, with the stored resourceVersion (the writer assigns the next one). */
  object: KubeObject;
  /** Nothing changed: Kubernetes then writes nothing and keeps the resourceVersion. */
  unchanged: boolean;
  /** The update removed the last finalizer of an object being deleted: delete it now. */
  finalized: boolean;
}

/**
 * Applies the Kubernetes update rules to `incoming` against `stored`: optimistic concurrency,
 * immutable system fields, the status subresource split, the generation rule, and the finalizer
 * rules of an object being deleted.
 */
export function prepareUpdate(type: ResourceTypeInfo, stored: KubeObject, incoming: KubeObject, options: WriteOptions = {}): PreparedUpdate {
  const storedMeta = stored.metadata;
  const incomingMeta = incoming.metadata ?? {};
  const details: StoreErrorDetails = {
    group: type.group,
    resource: type.resource,
    kind: stored.kind,
    name: storedMeta.name,
    ...(storedMeta.namespace ? { namespace: storedMeta.namespace } : {}),
  };
  const what = `${type.group === "" ? type.resource : `${type.resource}.${type.group}`} "${storedMeta.name}"`;
  if (incomingMeta.resourceVersion && incomingMeta.resourceVersion !== storedMeta.resourceVersion) {
    // Kubernetes' own wording, which clients (kubectl, controller-runtime) recognise.
    throw new StoreError(
      "Conflict",
      `Operation cannot be fulfilled on ${what}: the object has been modified; please apply your changes to the latest version and try again`,
      details,
    );
  }
  if (incomingMeta.uid && incomingMeta.uid !== storedMeta.uid) {
    throw new StoreError(
      "Conflict",
      `Operation cannot be fulfilled on ${what}: Precondition failed: UID in precondition: ${incomingMeta.uid}, UID in object meta: ${storedMeta.uid}`,
      details,
    );
  }

  let object: KubeObject;
  if (options.subresource === "status") {
    if (!type.hasStatus) {
      throw new StoreError("NotFound", `${type.resource} has no status subresource`, details);
    }
    // A status write changes status and nothing else, metadata included (CRD status strategy).
    object = cloneJson(stored);
    if (incoming.status === undefined) {
      delete object.status;
    } else {
      object.status = cloneJson(incoming.status);
    }
  } else {
    object = cloneJson(incoming);
    const metadata = (object.metadata ??= {});
    if (metadata.deletionTimestamp !== undefined && storedMeta.deletionTimestamp === undefined) {
      throw new StoreError("Invalid", `${what}: metadata.deletionTimestamp: field is immutable; delete the object instead`, {
        ...details,
        field: "metadata.deletionTimestamp",
      });
    }
    if (storedMeta.deletionTimestamp !== undefined) {
      const added = (metadata.finalizers ?? []).filter((f) => !(storedMeta.finalizers ?? []).includes(f));
      if (added.length > 0) {
        throw new StoreError(
          "Invalid",
          `${what}: metadata.finalizers: Forbidden: no new finalizers can be added if the object is being deleted, found new finalizers ${JSON.stringify(added)}`,
          { ...details, field: "metadata.finalizers" },
        );
      }
    }
    // The fields the server owns come from the stored object, whatever the client sent.
    metadata.name = storedMeta.name;
    setOrDelete(metadata, "namespace", storedMeta.namespace);
    metadata.uid = storedMeta.uid;
    metadata.creationTimestamp = storedMeta.creationTimestamp;
    setOrDelete(metadata, "deletionTimestamp", storedMeta.deletionTimestamp);
    setOrDelete(metadata, "deletionGracePeriodSeconds", storedMeta.deletionGracePeriodSeconds);
    metadata.resourceVersion = storedMeta.resourceVersion;
    if (type.hasStatus) {
      // With a status subresource the main resource cannot write status.
      if (stored.status === undefined) {
        delete object.status;
      } else {
        object.status = cloneJson(stored.status);
      }
    }
    metadata.generation = specChanged(stored, object) ? (storedMeta.generation ?? 0) + 1 : storedMeta.generation;
    if (metadata.generation === undefined) {
      delete metadata.generation;
    }
  }

  const finalizersBefore = storedMeta.finalizers?.length ?? 0;
  const finalizersAfter = object.metadata.finalizers?.length ?? 0;
  return {
    object,
    unchanged: jsonEqual(object, stored),
    finalized: storedMeta.deletionTimestamp !== undefined && finalizersBefore > 0 && finalizersAfter === 0,
  };
}

/**
 * The generation rule: anything outside metadata is spec. With a status subresource, status was
 * already pinned to the stored one above, so this also means "outside metadata and status";
 * without one, a status change counts (CRD semantics).
 */
function specChanged(before: KubeObject, after: KubeObject): boolean {
  const { metadata: _before, ...restBefore } = before;
  const { metadata: _after, ...restAfter } = after;
  return !jsonEqual(restBefore, restAfter);
}

function setOrDelete(target: Record<string, unknown>, field: string, value: unknown): void {
  if (value === undefined) {
    delete target[field];
  } else {
    target[field] = value;
  }
}
