import type { ResourceType } from "./kargo-resources.js";

/**
 * What a Kubernetes call was about, for error messages: `stage "prod" not found in project "demo"`.
 * KubeClient fills it from the call; services pass their own to toConnectError when they call
 * Kubernetes otherwise.
 */
export interface ErrorTarget {
  /** How messages name one object: "stage", "project config" … (ResourceType.noun). */
  noun: string;
  name?: string;
  namespace?: string;
  /**
   * How messages name the namespace: "project" (default for Kargo kinds, whose namespaces are
   * projects) or "namespace".
   */
  namespaceNoun?: "project" | "namespace";
  /**
   * The call used the caller's own credentials (a Kubernetes-token user), so a 401 is the
   * caller's problem (UNAUTHENTICATED), not the server's (INTERNAL). Default false.
   */
  callerCredentials?: boolean;
}

/** The ErrorTarget of a call on `type`. */
export function errorTargetOf(type: ResourceType, name?: string, namespace?: string): ErrorTarget {
  return {
    noun: type.noun,
    ...(name !== undefined ? { name } : {}),
    ...(type.namespaced && namespace ? { namespace } : {}),
    namespaceNoun: type.group === "kargo.akuity.io" ? "project" : "namespace",
  };
}

/** `stage "prod"`, `stages`, with ` in project "demo"` when namespaced. */
export function describeTarget(target: ErrorTarget): { what: string; where: string } {
  const what = target.name !== undefined && target.name !== "" ? `${target.noun} "${target.name}"` : `${target.noun}`;
  const where = target.namespace ? ` in ${target.namespaceNoun ?? "project"} "${target.namespace}"` : "";
  return { what, where };
}
