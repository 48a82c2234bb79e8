import type { KubeConfig } from "@kubernetes/client-node";
import { describeKind } from "../../domain/kind-catalogue.js";
import { kubeRequest, resourceTypeOf, toConnectError, type ResourceType } from "../../kube/index.js";

/** Maps an object's apiVersion and kind to the resource that serves it. */
export interface ResourceTypeResolver {
  /** The type, or undefined when the Kubernetes API does not serve that kind in that version. */
  resolve(group: string, version: string, kind: string): Promise<ResourceType | undefined>;
}

/** Options of {@link createResourceTypeResolver}. */
export interface ResourceTypeResolverOptions {
  /** How long one group version's discovery answer is used (default 5 minutes). */
  readonly ttlMs?: number;
  /** Shortest time between two rediscoveries caused by an unknown kind (default 5 s). */
  readonly missRefreshMs?: number;
}

interface APIResource {
  name: string;
  kind: string;
  namespaced: boolean;
}

/**
 * Kinds the registry (src/kube) knows resolve at once; any other kind through the Kubernetes API's
 * discovery document of its group version (`/api/v1`, `/apis/<group>/<version>`), which the
 * embedded control plane serves as a real cluster does — so a manifest may hold any kind the
 * cluster serves (ConfigMaps, Argo CD Applications on a real cluster …), as with kubectl.
 *
 * Answers are kept per group version for `ttlMs`; an unknown kind rediscovers at most every
 * `missRefreshMs`, so a CRD installed meanwhile is found without hammering the API on typos.
 * A group version the API does not serve (404) is "unknown", not an error.
 */
export function createResourceTypeResolver(kubeConfig: KubeConfig, options: ResourceTypeResolverOptions = {}): ResourceTypeResolver {
  const ttlMs = options.ttlMs ?? 300_000;
  const missRefreshMs = options.missRefreshMs ?? 5_000;
  const known = new Map<string, { at: number; types: Promise<Map<string, ResourceType>> }>();

  function discover(group: string, version: string): Promise<Map<string, ResourceType>> {
    const key = `${group}/${version}`;
    const promise = (async () => {
      const path = group === "" ? `/api/${version}` : `/apis/${group}/${version}`;
      let list: { resources?: APIResource[] } | undefined;
      try {
        list = (await kubeRequest(kubeConfig, { method: "GET", path })) as { resources?: APIResource[] };
      } catch (error) {
        const code = (error as { code?: number }).code;
        if (code === 404) return new Map<string, ResourceType>();
        throw toConnectError(error, { noun: "API discovery", name: path });
      }
      const types = new Map<string, ResourceType>();
      for (const r of list?.resources ?? []) {
        // "stages/status" and other subresources are not kinds one writes.
        if (r.name.includes("/") || types.has(r.kind)) continue;
        types.set(r.kind, describeKind(group, version, r.kind, r.name, r.namespaced));
      }
      return types;
    })();
    // A failed discovery is not remembered: the next object asks again.
    promise.catch(() => {
      if (known.get(key)?.types === promise) known.delete(key);
    });
    return promise;
  }

  async function typesOf(group: string, version: string, refresh: boolean): Promise<Map<string, ResourceType>> {
    const key = `${group}/${version}`;
    const now = Date.now();
    const entry = known.get(key);
    if (entry === undefined || now - entry.at > ttlMs || (refresh && now - entry.at > missRefreshMs)) {
      const fresh = { at: now, types: discover(group, version) };
      known.set(key, fresh);
      return fresh.types;
    }
    return entry.types;
  }

  return {
    async resolve(group, version, kind) {
      const registered = resourceTypeOf(group === "" ? version : `${group}/${version}`, kind);
      if (registered !== undefined) return registered;
      return (await typesOf(group, version, false)).get(kind) ?? (await typesOf(group, version, true)).get(kind);
    },
  };
}
