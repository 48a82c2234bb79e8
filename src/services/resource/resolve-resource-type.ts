import { describeKind } from "../../domain/kind-catalogue.js";
import { findInDiscovery, resourceTypeOf, type ApiResource, type KubeDiscovery, type ResourceType } from "../../kube/index.js";

/** Maps an object's apiVersion and kind to the resource that serves it. */
export interface ResourceTypeResolver {
  /** The type, or undefined when the Kubernetes API does not serve that kind in that version. */
  resolve(group: string, version: string, kind: string): Promise<ResourceType | undefined>;
}

/**
 * Kinds the registry (src/kube) knows resolve at once; any other kind through the Kubernetes API's
 * discovery of its group version (src/kube/kube-discovery.ts) — so a manifest may hold any kind the
 * cluster serves (ConfigMaps, Argo CD Applications on a real cluster …), as with kubectl. An
 * unknown kind asks discovery to refresh (a CRD installed meanwhile is found); a group version the
 * API does not serve is "unknown", not an error.
 */
export function createResourceTypeResolver(discovery: KubeDiscovery): ResourceTypeResolver {
  const kindIn = (group: string, version: string, kind: string, resources: readonly ApiResource[]): ResourceType | undefined => {
    // "stages/status" and other subresources are not kinds one writes.
    const found = resources.find((r) => r.kind === kind && !r.name.includes("/"));
    return found && describeKind(group, version, kind, found.name, found.namespaced);
  };
  return {
    async resolve(group, version, kind) {
      const registered = resourceTypeOf(group === "" ? version : `${group}/${version}`, kind);
      if (registered !== undefined) return registered;
      return findInDiscovery(
        (options) => discovery.resources(group, version, options),
        (resources) => kindIn(group, version, kind, resources),
      );
    },
  };
}
