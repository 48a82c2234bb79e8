import { claimKey, claimKeysOf } from "./claim-keys-of.js";
import { parseClaimsAnnotations } from "./parse-claims-annotations.js";
import type { ServiceAccountRef } from "./service-account-ref.js";

/** Label marking a namespace as a Kargo project. */
export const PROJECT_LABEL = "kargo.akuity.io/project";

/** Minimal shape of the Kubernetes objects the index reads. */
export interface IndexedObject {
  readonly metadata?: {
    readonly name?: string;
    readonly namespace?: string;
    readonly labels?: Readonly<Record<string, string>>;
    readonly annotations?: Readonly<Record<string, string>>;
  };
}

/**
 * In-memory index from claim values to ServiceAccounts. Fed object by object (from the shared
 * informer caches, see feed-claims-index.ts); a lookup costs one map probe per claim value of the caller.
 */
export interface ClaimsIndex {
  /** Adds or replaces a ServiceAccount. */
  upsertServiceAccount(serviceAccount: IndexedObject): void;
  deleteServiceAccount(serviceAccount: IndexedObject): void;
  /** Adds, replaces or (when it lost the project label) forgets a namespace's project status. */
  upsertNamespace(namespace: IndexedObject): void;
  deleteNamespace(namespace: IndexedObject): void;
  /** Forgets everything (before a full reload, when a watch had to relist). */
  clear(): void;
  /**
   * Every ServiceAccount in a project namespace or a global ServiceAccount namespace whose claims
   * share at least one value with the caller's (OR semantics), sorted by namespace then name.
   */
  serviceAccountsFor(claims: Readonly<Record<string, unknown>>): ServiceAccountRef[];
  /** The global ServiceAccount namespaces, in configured order. */
  readonly globalNamespaces: readonly string[];
}

/** Creates an empty {@link ClaimsIndex}. */
export function createClaimsIndex(globalNamespaces: readonly string[] = []): ClaimsIndex {
  const projectNamespaces = new Set<string>();
  const global = new Set(globalNamespaces);
  // key → "ns/name" set, and "ns/name" → its keys (to undo them on update or delete).
  const byKey = new Map<string, Set<string>>();
  const keysOf = new Map<string, Set<string>>();

  const idOf = (object: IndexedObject) => `${object.metadata?.namespace ?? ""}/${object.metadata?.name ?? ""}`;

  function remove(id: string) {
    for (const key of keysOf.get(id) ?? []) {
      const ids = byKey.get(key);
      ids?.delete(id);
      if (ids?.size === 0) {
        byKey.delete(key);
      }
    }
    keysOf.delete(id);
  }

  return {
    globalNamespaces: [...globalNamespaces],
    upsertServiceAccount(serviceAccount) {
      const id = idOf(serviceAccount);
      remove(id);
      const keys = new Set<string>();
      for (const [name, values] of parseClaimsAnnotations(serviceAccount.metadata?.annotations)) {
        for (const value of values) {
          keys.add(claimKey(name, value));
        }
      }
      if (keys.size === 0) {
        return;
      }
      keysOf.set(id, keys);
      for (const key of keys) {
        let ids = byKey.get(key);
        if (ids === undefined) {
          ids = new Set();
          byKey.set(key, ids);
        }
        ids.add(id);
      }
    },
    deleteServiceAccount(serviceAccount) {
      remove(idOf(serviceAccount));
    },
    upsertNamespace(namespace) {
      const name = namespace.metadata?.name ?? "";
      if (namespace.metadata?.labels?.[PROJECT_LABEL] === "true") {
        projectNamespaces.add(name);
      } else {
        projectNamespaces.delete(name);
      }
    },
    deleteNamespace(namespace) {
      projectNamespaces.delete(namespace.metadata?.name ?? "");
    },
    clear() {
      projectNamespaces.clear();
      byKey.clear();
      keysOf.clear();
    },
    serviceAccountsFor(claims) {
      const found = new Set<string>();
      for (const key of claimKeysOf(claims)) {
        for (const id of byKey.get(key) ?? []) {
          found.add(id);
        }
      }
      const result: ServiceAccountRef[] = [];
      for (const id of found) {
        const slash = id.indexOf("/");
        const namespace = id.slice(0, slash);
        // Checked at lookup time, so a namespace gaining or losing the project label applies at once.
        if (projectNamespaces.has(namespace) || global.has(namespace)) {
          result.push({ namespace, name: id.slice(slash + 1) });
        }
      }
      return result.sort((a, b) => a.namespace.localeCompare(b.namespace) || a.name.localeCompare(b.name));
    },
  };
}
