import type { KubeConfig } from "@kubernetes/client-node";
import { kubeRequest } from "./kube-request.js";
import { isNotFound } from "./object-clients.js";
import { toConnectError } from "./to-connect-error.js";

/** One entry of a group version's discovery document (`stages`, `stages/status` …). */
export interface ApiResource {
  /** The plural, or `<plural>/<subresource>`. */
  readonly name: string;
  readonly kind: string;
  readonly namespaced: boolean;
}

/** The resources one group version serves. */
export interface GroupVersionResources {
  /** "" for the core group. */
  readonly group: string;
  readonly version: string;
  readonly resources: readonly ApiResource[];
}

/** Options of the discovery reads. */
export interface DiscoveryReadOptions {
  /**
   * The caller missed what it looked for in the kept answer: ask the API again if that answer is
   * older than `missRefreshMs`, so a CRD installed meanwhile is found.
   */
  readonly refresh?: boolean;
}

/** The Kubernetes API's discovery: which groups, versions and resources it serves. */
export interface KubeDiscovery {
  /** The resources of one group version; none when the API does not serve it (404). */
  resources(group: string, version: string, options?: DiscoveryReadOptions): Promise<readonly ApiResource[]>;
  /** The core group's v1 and the preferred version of every API group, with their resources. */
  preferredResources(options?: DiscoveryReadOptions): Promise<readonly GroupVersionResources[]>;
}

/**
 * What `find` picks from a discovery answer: from the kept one or, when it picks nothing there,
 * from one read again with `refresh` (a CRD installed meanwhile is found; the discovery limits how
 * often a miss reads again). `read` is one of {@link KubeDiscovery}'s reads with its arguments bound.
 */
export async function findInDiscovery<A, T>(read: (options: DiscoveryReadOptions) => Promise<A>, find: (answer: A) => T | undefined): Promise<T | undefined> {
  return find(await read({})) ?? find(await read({ refresh: true }));
}

/** Options of {@link createKubeDiscovery}. */
export interface KubeDiscoveryOptions {
  /** How long one discovery answer is used (default 5 minutes). */
  readonly ttlMs?: number;
  /** Shortest time between two rediscoveries asked for by a miss (default 5 s). */
  readonly missRefreshMs?: number;
}

interface ApiGroupList {
  groups?: { name: string; preferredVersion?: { groupVersion: string }; versions?: { groupVersion: string }[] }[];
}

/**
 * Discovery through the documents the Kubernetes API serves (`/api/v1`, `/apis`,
 * `/apis/<group>/<version>`), which the embedded control plane serves as a real cluster does — so
 * kinds of CRDs installed later are found too. One cache of answers per document, one rule: an
 * answer is used for `ttlMs`, or for `missRefreshMs` when the caller missed in it (`refresh`),
 * so a new CRD is found soon without hammering the API on typos. A failed read is not kept: the
 * next call asks again. Failures are ConnectErrors naming the document ("API discovery").
 */
export function createKubeDiscovery(kubeConfig: KubeConfig, options: KubeDiscoveryOptions = {}): KubeDiscovery {
  const ttlMs = options.ttlMs ?? 300_000;
  const missRefreshMs = options.missRefreshMs ?? 5_000;
  const kept = new Map<string, { at: number; answer: Promise<unknown> }>();

  /** The answer for `path`, read by `load` when none is kept or the kept one is too old. */
  function cached<T>(path: string, refresh: boolean | undefined, load: () => Promise<T>): Promise<T> {
    const now = Date.now();
    const entry = kept.get(path);
    if (entry !== undefined && now - entry.at <= ttlMs && !(refresh && now - entry.at > missRefreshMs)) return entry.answer as Promise<T>;
    const answer = load();
    kept.set(path, { at: now, answer });
    answer.catch(() => {
      if (kept.get(path)?.answer === answer) kept.delete(path);
    });
    return answer;
  }

  async function read(path: string, notFound?: unknown): Promise<unknown> {
    try {
      return await kubeRequest(kubeConfig, { method: "GET", path });
    } catch (error) {
      if (notFound !== undefined && isNotFound(error)) return notFound;
      throw toConnectError(error, { noun: "API discovery", name: path });
    }
  }

  function resources(group: string, version: string, readOptions: DiscoveryReadOptions = {}): Promise<readonly ApiResource[]> {
    const path = group === "" ? `/api/${version}` : `/apis/${group}/${version}`;
    return cached(path, readOptions.refresh, async () => ((await read(path, {})) as { resources?: ApiResource[] }).resources ?? []);
  }

  return {
    resources,

    async preferredResources(readOptions = {}) {
      const groupList = (await cached("/apis", readOptions.refresh, () => read("/apis"))) as ApiGroupList;
      const groupVersions: { group: string; version: string }[] = [{ group: "", version: "v1" }];
      for (const g of groupList.groups ?? []) {
        const groupVersion = g.preferredVersion?.groupVersion ?? g.versions?.[0]?.groupVersion;
        if (groupVersion !== undefined) groupVersions.push({ group: g.name, version: groupVersion.slice(groupVersion.indexOf("/") + 1) });
      }
      return Promise.all(groupVersions.map(async ({ group, version }) => ({ group, version, resources: await resources(group, version, readOptions) })));
    },
  };
}
