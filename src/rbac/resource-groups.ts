import { Code, ConnectError } from "@connectrpc/connect";
import { findInDiscovery, type GroupVersionResources, type KubeDiscovery } from "../kube/index.js";

/** Resolves a plural resource ("stages", "freights/status") to the API group serving it. */
export interface ResourceGroups {
  /** The group; INVALID_ARGUMENT naming `field` for an unknown or ambiguous resource. */
  groupOf(resource: string, field: string): Promise<string>;
}

/**
 * Group resolution for group-less rules, as Kargo resolves them, through the Kubernetes API's
 * discovery (src/kube/kube-discovery.ts: the core group and every group's preferred version) — so
 * CRDs installed later are found too. An unknown resource asks discovery to refresh before
 * INVALID_ARGUMENT, so a freshly installed CRD is not rejected for long.
 *
 * A resource served by several groups is ambiguous in Kargo; like kubectl's RESTMapper we prefer
 * the core group, then kargo.akuity.io, and only fail when neither is among them ("events" is in
 * core and events.k8s.io on real clusters, and every user means the core one).
 */
export function createResourceGroups(discovery: KubeDiscovery): ResourceGroups {
  function groupsServing(served: readonly GroupVersionResources[], base: string): Set<string> | undefined {
    const groups = new Set(served.filter((gv) => gv.resources.some((r) => r.name.split("/", 1)[0] === base)).map((gv) => gv.group));
    return groups.size > 0 ? groups : undefined;
  }

  return {
    async groupOf(resource, field) {
      const base = resource.split("/", 1)[0]!;
      const found = await findInDiscovery(
        (options) => discovery.preferredResources(options),
        (served) => groupsServing(served, base),
      );
      if (found === undefined) {
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
