import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openStore, type DurableObjectStore } from "../../../src/embedded/store/open-store.js";
import type { StoreLogger } from "../../../src/embedded/store/store-options.js";
import type { KubeObject, ResourceTypeInfo, WatchEvent } from "../../../src/embedded/store/types.js";

/** A Kargo-like namespaced type with a status subresource. */
export const stages: ResourceTypeInfo = { group: "kargo.akuity.io", resource: "stages", namespaced: true, hasStatus: true };
/** A namespaced type without a status subresource. */
export const configMaps: ResourceTypeInfo = { group: "", resource: "configmaps", namespaced: true, hasStatus: false };
/** The core Namespace type. */
export const namespaces: ResourceTypeInfo = { group: "", resource: "namespaces", namespaced: false, hasStatus: true };

/** A Stage object in namespace "demo" (or another), with an optional spec and extra metadata. */
export function stage(name: string, extra: Partial<KubeObject> & { metadata?: KubeObject["metadata"] } = {}): KubeObject {
  const { metadata, ...rest } = extra;
  return {
    apiVersion: "kargo.akuity.io/v1alpha1",
    kind: "Stage",
    metadata: { namespace: "demo", name, ...metadata },
    spec: { shard: "a" },
    ...rest,
  };
}

/** A ConfigMap object in namespace "demo". */
export function configMap(name: string, data: Record<string, string> = {}, metadata: KubeObject["metadata"] = {}): KubeObject {
  return { apiVersion: "v1", kind: "ConfigMap", metadata: { namespace: "demo", name, ...metadata }, data };
}

/** A Namespace object. */
export function namespace(name: string): KubeObject {
  return { apiVersion: "v1", kind: "Namespace", metadata: { name } };
}

/** A logger that keeps what it was told, for asserting on reported failures. */
export function recordingLogger(): StoreLogger & { errors: string[] } {
  const errors: string[] = [];
  return { errors, warn: (_fields, message) => errors.push(message), error: (_fields, message) => errors.push(message) };
}

/** Opens an in-memory store for each test and closes it afterwards. */
export function useMemoryStore(options: { historyLimit?: number; logger?: StoreLogger } = {}): () => DurableObjectStore {
  let store: DurableObjectStore | undefined;
  beforeEach(() => {
    store = openStore({ path: ":memory:", ...options });
  });
  afterEach(() => {
    store?.close();
    store = undefined;
  });
  return () => store!;
}

/** A fresh temporary directory per test, removed afterwards. */
export function useTempDir(): () => string {
  let dir: string | undefined;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "kargo-store-"));
  });
  afterEach(() => {
    if (dir !== undefined) {
      rmSync(dir, { recursive: true, force: true });
    }
  });
  return () => dir!;
}

/** Collects watch events as "TYPE name" strings (and keeps the events). */
export function eventLog(): { lines: string[]; events: WatchEvent[]; push: (event: WatchEvent) => void } {
  const lines: string[] = [];
  const events: WatchEvent[] = [];
  return {
    lines,
    events,
    push(event) {
      events.push(event);
      lines.push(`${event.type} ${event.object.metadata.name}`);
    },
  };
}

/** Asserts that `fn` throws a StoreError with this reason, and returns it. */
export function expectStoreError(fn: () => unknown, reason: string): Error & { reason: string; details: Record<string, unknown> } {
  try {
    fn();
  } catch (error) {
    expect(error).toMatchObject({ name: "StoreError", reason });
    return error as Error & { reason: string; details: Record<string, unknown> };
  }
  throw new Error(`expected a StoreError with reason ${reason}, but nothing was thrown`);
}
