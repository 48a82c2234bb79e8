import type { Logger } from "pino";
import type { AccessCheckFn } from "../../auth/authorization/access-check-context.js";
import type { Identity } from "../../auth/identity.js";
import type { KubeCaches, KubeClient } from "../../kube/index.js";
import type { PolicyRuleJson } from "../../rbac/index.js";
import type { ManifestLimits } from "./manifest-limits.js";
import type { ManifestParser } from "./manifest-parser.js";
import type { ResourceTypeResolver } from "./resolve-resource-type.js";

/** What the ResourceService handlers need of the service deps. */
export interface ResourceServiceDeps {
  readonly kube: KubeClient;
  readonly resolver: ResourceTypeResolver;
  /** Informer caches: the Stage a manifest's Promotion names, for its promotion windows. */
  readonly caches: KubeCaches;
  /** For Events that fail to record (best effort). */
  readonly logger: Logger;
  /**
   * SECRET_MANAGEMENT_ENABLED: when false, CredentialsService is UNIMPLEMENTED and so are Secrets
   * in manifests (Kargo's rule), or a manifest would be a way around the switch.
   */
  readonly secretManagementEnabled: boolean;
  /** Bounds on reading and applying a manifest. */
  readonly limits: ManifestLimits;
  /** Reads manifests (large ones in worker threads, within `limits` and the call's deadline). */
  readonly parser: ManifestParser;
  /** Longest wait for a new Project's namespace, and for its creator's access (default 10 s). */
  readonly projectSetupTimeoutMs?: number;
  /** Clock of promotion-window checks on Promotions in manifests; the system clock outside tests. */
  readonly promotionWindowClock?: () => Date;
}

/** The state of one ResourceService call, shared by the objects of its manifest. */
export interface ApplyCall {
  readonly deps: ResourceServiceDeps;
  /** Access review as the caller (accessCheckKey). */
  readonly check: AccessCheckFn;
  readonly identity: Identity | undefined;
  readonly signal: AbortSignal;
  /** Rules of the Roles/ClusterRoles in this manifest (`Role/<ns>/<name>`), for bindings listed first. */
  readonly manifestRoles: ReadonlyMap<string, readonly PolicyRuleJson[]>;
  /**
   * Projects created earlier in this call, with the time until which their set-up (namespace,
   * creator's access) is waited for: the objects inside them follow at once.
   */
  readonly projectsCreated: Map<string, number>;
  /** Projects deleted earlier in this call: deleting one takes its namespace with it. */
  readonly projectsDeleted: Set<string>;
  /** When the wait for each such project's namespace ended (memoised per call). */
  readonly namespacesReady: Map<string, Promise<void>>;
}

/** Key of {@link ApplyCall.manifestRoles}. */
export function roleKey(kind: "Role" | "ClusterRole", namespace: string | undefined, name: string): string {
  return kind === "Role" ? `Role/${namespace ?? ""}/${name}` : `ClusterRole//${name}`;
}
