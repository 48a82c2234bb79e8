import { Code, ConnectError } from "@connectrpc/connect";
import type { KubeConfig } from "@kubernetes/client-node";
import { kubeRequest, toConnectError } from "../kube/index.js";

/** Resolves a plural resource ("stages", "freights/status") to the API group serving it. */
export interface ResourceGroups {
  /** The group; INVALID_ARGUMENT naming `field` for an unknown or ambiguous resource. */
  groupOf(resource: string, field: string): Promise<string>;
}

/** Options of {@link createResourceGroups}. */
export interface ResourceGroupsOptions {
  /** How long one discovery answer is used, in milliseconds (default 5 minutes). */
  readonly ttlMs?: number;
  /** Shortest time between two rediscoveries caused by an unknown resource (default 10 s). */
  readonly missRefreshMs?: number;
}

interface APIResourceList {
  resources?: { name: string }[];
}
interface APIGroupList {
  groups?: { name: string; preferredVersion?: { groupVersion: string }; versions?: { groupVersion: string }[] }[];
}

/**
 * Group resolution for group-less rules (kargo-behaviour.md §6.4), through the Kubernetes API's
 * discovery (`/api/v1`, `/apis`, `/apis/<group>/<version>`), which the embedded control plane
 * serves as a real cluster does — so CRDs installed later are found too. The answer is kept for
 * `ttlMs`; an unknown resource triggers one rediscovery (at most every `missRefreshMs`) before
 * INVALID_ARGUMENT, so a freshly installed CRD is not rejected for long.
 *
 * A resource served by several groups is ambiguous in Kargo; like kubectl's RESTMapper we prefer
 * the core group, then kargo.akuity.io, and only fail when neither is among them ("events" is in
 * core and events.k8s.io on real clusters, and every user means the core one).
 */
export function createResourceGroups(kubeConfig: KubeConfig, options: ResourceGroupsOptions = {}): ResourceGroups {
  const ttlMs = options.ttlMs ?? 300_000;
  const missRefreshMs = options.missRefreshMs ?? 10_000;
  let current: { at: number; groups: Promise<Map<string, Set<string>>> } | undefined;

  function discover(): Promise<Map<string, Set<string>>> {
    const promise = (async () => {
      const map = new Map<string, Set<string>>();
      const add = (group: string, list: APIResourceList) => {
        for (const r of list.resources ?? []) {
          const base = r.name.split("/", 1)[0]!;
          let groups = map.get(base);
          if (groups === undefined) map.set(base, (groups = new Set()));
          groups.add(group);
        }
      };
      add("", (await get("/api/v1")) as APIResourceList);
      const groupList = (await get("/apis")) as APIGroupList;
      await Promise.all(
        (groupList.groups ?? []).map(async (g) => {
          const version = g.preferredVersion?.groupVersion ?? g.versions?.[0]?.groupVersion;
          if (version !== undefined) add(g.name, (await get(`/apis/${version}`)) as APIResourceList);
        }),
      );
      return map;
    })();
    // A failed discovery is not remembered: the next call asks again.
    promise.catch(() => {
      if (current?.groups === promise) current = undefined;
    });
    return promise;
  }

  async function get(path: string): Promise<unknown> {
    try {
      return await kubeRequest(kubeConfig, { method: "GET", path });
    } catch (error) {
      throw toConnectError(error, { noun: "API discovery", name: path });
    }
  }

  async function groups(refresh: boolean): Promise<Map<string, Set<string>>> {
    const now = Date.now();
    if (current === undefined || now - current.at > ttlMs || (refresh && now - current.at > missRefreshMs)) {
      current = { at: now, groups: discover() };
    }
    return current.groups;
  }

  return {
    async groupOf(resource, field) {
      const base = resource.split("/", 1)[0]!;
      let found = (await groups(false)).get(base);
      if (found === undefined) found = (await groups(true)).get(base);
      if (found === undefined || found.size === 0) {
        throw new ConnectError(`${field}: unrecognized resource type "${resource}"`, Code.InvalidArgument);
      }
      if (found.size === 1) return [...found][0]!;
      for (const preferred of ["", "kargo.akuity.io"]) if (found.has(preferred)) return preferred;
      throw new ConnectError(
        `${field}: ambiguous resource type "${resource}" (served by ${[...found].sort().join(", ")}); give apiGroups`,
        Code.InvalidArgument,
      );
    },
  };
}
