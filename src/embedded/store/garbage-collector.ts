import { deleteObject } from "./delete-object.js";
import type { ObjectKey } from "./object-key.js";
import { removeObject } from "./remove-object.js";
import type { StoreContext } from "./store-context.js";
import type { KubeObject, ResourceTypeInfo } from "./types.js";
import { cloneJson } from "../../util/clone-json.js";

type Job =
  | { kind: "deleteDependents"; ownerUid: string }
  | { kind: "orphanDependents"; ownerUid: string }
  | { kind: "namespace"; name: string; keys?: ObjectKey[]; next: number; waiting: number };

// How long one turn may hold the event loop before yielding to I/O (each delete is an fsync).
const turnBudgetMs = 20;
// Objects of a terminating namespace handled per job step, so one huge namespace shares turns.
const namespaceStep = 64;

/**
 * Background deletion, as Kubernetes' garbage collector and namespace controller do it: jobs are
 * queued by the writes that need them and run on later event-loop turns (setImmediate), so the
 * write that triggered them returns at once. Each deletion it makes is an ordinary store write
 * with its own events, so watchers see dependents go one by one.
 */
export class GarbageCollector {
  private readonly queue: Job[] = [];
  private readonly pendingNamespaces = new Set<string>();
  private timer: NodeJS.Immediate | undefined;
  private closed = false;
  private waiters: Array<() => void> = [];

  constructor(private readonly context: () => StoreContext) {}

  /** Deletes (or, if they have other live owners, unlinks) the dependents of a removed owner. */
  deleteDependents(ownerUid: string): void {
    this.enqueue({ kind: "deleteDependents", ownerUid });
  }

  /** Removes the owner reference to `ownerUid` from its dependents (propagationPolicy Orphan). */
  orphanDependents(ownerUid: string): void {
    this.enqueue({ kind: "orphanDependents", ownerUid });
  }

  /** Continues deleting a terminating namespace: its contents first, then the namespace. */
  checkNamespace(name: string): void {
    if (this.pendingNamespaces.has(name)) {
      return;
    }
    this.pendingNamespaces.add(name);
    this.enqueue({ kind: "namespace", name, next: 0, waiting: 0 });
  }

  /**
   * Finds work a crash interrupted: owners that are gone but still have dependents, and
   * namespaces left terminating. Kubernetes' collector rebuilds its graph at start the same way.
   */
  recover(): void {
    const context = this.context();
    for (const ownerUid of context.objects.danglingOwnerUids()) {
      this.deleteDependents(ownerUid);
    }
    for (const data of context.objects.scan("", "namespaces", undefined, undefined)) {
      const namespace = JSON.parse(data) as KubeObject;
      if (namespace.metadata.deletionTimestamp !== undefined) {
        this.checkNamespace(namespace.metadata.name!);
      }
    }
  }

  /** Resolves once no background work is queued (tests and orderly shutdown use it). */
  settled(): Promise<void> {
    if (this.queue.length === 0 && this.timer === undefined) {
      return Promise.resolve();
    }
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  /** Drops queued work (recover() finds it again at the next open) and releases waiters. */
  close(): void {
    this.closed = true;
    if (this.timer !== undefined) {
      clearImmediate(this.timer);
      this.timer = undefined;
    }
    this.queue.length = 0;
    this.release();
  }

  private enqueue(job: Job): void {
    if (this.closed) {
      return;
    }
    this.queue.push(job);
    this.timer ??= setImmediate(() => this.turn());
  }

  private turn(): void {
    this.timer = undefined;
    const started = performance.now();
    const context = this.context();
    try {
      // One transaction per turn: deleting a namespace of thousands of objects costs a few
      // fsyncs, not thousands. A failing job is logged and skipped; its writes roll back alone.
      context.writer.batch(() => {
        while (this.queue.length > 0 && !this.closed && performance.now() - started < turnBudgetMs) {
          const job = this.queue.shift()!;
          try {
            this.run(job);
          } catch (error) {
            context.logger.error({ err: error, job: describeJob(job) }, "garbage collection failed");
          }
        }
      });
    } catch (error) {
      // The commit itself failed (disk full, I/O error); recover() finds the work at next open.
      context.logger.error({ err: error }, "garbage collection commit failed");
    }
    if (this.queue.length > 0 && !this.closed) {
      this.timer = setImmediate(() => this.turn());
    } else {
      this.release();
    }
  }

  private release(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const resolve of waiters) {
      resolve();
    }
  }

  private run(job: Job): void {
    switch (job.kind) {
      case "deleteDependents":
        return this.runDeleteDependents(job.ownerUid);
      case "orphanDependents":
        return this.runOrphanDependents(job.ownerUid);
      case "namespace":
        return this.runNamespace(job);
    }
  }

  private runDeleteDependents(ownerUid: string): void {
    const context = this.context();
    for (const key of context.objects.dependents(ownerUid)) {
      this.isolated(key, () => {
        const loaded = this.load(key);
        if (loaded === undefined) {
          return;
        }
        const { type, object } = loaded;
        const others = (object.metadata.ownerReferences ?? []).filter((reference) => reference.uid !== ownerUid);
        const live = others.filter((reference) => context.objects.getByUid(reference.uid) !== undefined);
        if (live.length > 0) {
          // Kubernetes deletes a dependent only when all its owners are gone; it drops the
          // references to the missing ones so the object stops waiting on them.
          this.rewriteOwners(key, loaded.data, object, live);
        } else if (object.metadata.deletionTimestamp === undefined) {
          deleteObject(context, type, key.namespace, key.name, { propagationPolicy: "Background" });
        }
      });
    }
  }

  private runOrphanDependents(ownerUid: string): void {
    for (const key of this.context().objects.dependents(ownerUid)) {
      this.isolated(key, () => {
        const loaded = this.load(key);
        if (loaded === undefined) {
          return;
        }
        const { object } = loaded;
        const kept = (object.metadata.ownerReferences ?? []).filter((reference) => reference.uid !== ownerUid);
        this.rewriteOwners(key, loaded.data, object, kept);
      });
    }
  }

  private runNamespace(job: Extract<Job, { kind: "namespace" }>): void {
    const context = this.context();
    const namespaceKey: ObjectKey = { group: "", resource: "namespaces", namespace: "", name: job.name };
    const data = context.objects.get(namespaceKey);
    const namespace = data === undefined ? undefined : (JSON.parse(data) as KubeObject);
    if (namespace?.metadata.deletionTimestamp === undefined) {
      this.pendingNamespaces.delete(job.name);
      return;
    }
    // The namespace's contents, as they were when this pass began; later passes see newer ones.
    job.keys ??= context.objects.inNamespace(job.name, Number.MAX_SAFE_INTEGER);
    const end = Math.min(job.next + namespaceStep, job.keys.length);
    for (; job.next < end; job.next++) {
      const key = job.keys[job.next]!;
      // Whatever is not removed now (finalizers, an unknown type, a failure) holds the namespace
      // in Terminating; the removal of such an object re-checks the namespace.
      const removed = this.isolated(key, () => {
        const loaded = this.load(key);
        if (loaded === undefined) {
          return context.objects.get(key) === undefined;
        }
        if (loaded.object.metadata.deletionTimestamp !== undefined) {
          return false;
        }
        const result = deleteObject(context, loaded.type, key.namespace, key.name, { propagationPolicy: "Background" });
        return result.metadata.deletionTimestamp === undefined;
      });
      if (!removed) {
        job.waiting++;
      }
    }
    if (job.next < job.keys.length) {
      this.queue.push(job);
      return;
    }
    this.pendingNamespaces.delete(job.name);
    if (job.waiting > 0 || namespace.metadata.finalizers?.length) {
      return;
    }
    if (context.objects.inNamespace(job.name, 1).length > 0) {
      // Objects created after this pass listed the namespace: another pass.
      this.checkNamespace(job.name);
      return;
    }
    removeObject(context, namespaceKey, cloneJson(namespace), { data: data!, object: namespace }, "Background");
  }

  /** Runs one object's step; a failure is logged and reported as `false`, never thrown. */
  private isolated(key: ObjectKey, step: () => boolean | void): boolean {
    try {
      return step() ?? true;
    } catch (error) {
      this.context().logger.error({ err: error, ...key }, "garbage collection of an object failed");
      return false;
    }
  }

  private load(key: ObjectKey): { type: ResourceTypeInfo; data: string; object: KubeObject } | undefined {
    const context = this.context();
    const data = context.objects.get(key);
    if (data === undefined) {
      return undefined;
    }
    const type = context.types.lookup(key.group, key.resource);
    if (type === undefined) {
      context.logger.warn({ group: key.group, resource: key.resource, name: key.name }, "garbage collector skips an object of an unknown type");
      return undefined;
    }
    return { type, data, object: JSON.parse(data) as KubeObject };
  }

  private rewriteOwners(key: ObjectKey, data: string, object: KubeObject, owners: KubeObject["metadata"]["ownerReferences"] & object): void {
    const next = cloneJson(object);
    if (owners.length === 0) {
      delete next.metadata.ownerReferences;
    } else {
      next.metadata.ownerReferences = owners;
    }
    // A metadata-only change: generation stays, as for any metadata write.
    this.context().writer.write([{ type: "MODIFIED", key, object: next, previous: { data, object } }]);
  }
}

function describeJob(job: Job): string {
  return job.kind === "namespace" ? `namespace ${job.name}` : `${job.kind} ${job.ownerUid}`;
}
