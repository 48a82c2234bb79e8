/** Where a check's namespace comes from. */
export interface NamespaceSource {
  /** Request field (dotted path of generated field names, e.g. "project" or "role.metadata.namespace"). */
  readonly field: string;
  /**
   * Namespace used when that field is empty (e.g. shared credentials); without it an empty field
   * is INVALID_ARGUMENT, since nothing can be authorized without knowing the project.
   */
  readonly whenEmpty?: ConfiguredNamespace;
  /** Boolean request field that, when true, selects a configured system namespace instead. */
  readonly systemLevel?: { readonly field: string; readonly namespace: ConfiguredNamespace };
}

/** Namespaces that come from configuration rather than from the request. */
export type ConfiguredNamespace = "sharedResources" | "systemResources" | "kargo";

/** One access review an RPC needs before its handler runs. */
export interface AccessCheck {
  readonly verb: string;
  /** API group: "kargo.akuity.io", "" for core, "rbac.authorization.k8s.io" … */
  readonly group: string;
  /** Plural resource name. */
  readonly resource: string;
  readonly subresource?: string;
  /** Absent for cluster-scoped resources. */
  readonly namespace?: NamespaceSource;
  /** Request field holding the object name; an empty value means "any object" (a stricter check). */
  readonly name?: string;
  /** Request field that must be non-empty for this check to apply (e.g. QueryFreight's stage). */
  readonly onlyWhen?: string;
}

/**
 * How an RPC is authorized — one entry per RPC in authorization-table.ts:
 * - `exempt`: no token needed (sign-in and discovery RPCs);
 * - `authenticated`: any verified caller; the RPC touches no Kubernetes object on its behalf;
 * - `checks`: every listed access review must allow; `handlerChecks` names further reviews only the
 *   handler can make (they depend on objects it loads) through the accessCheckKey context value;
 * - `per-object`: the objects come from the request body (manifests); the handler reviews each one
 *   through accessCheckKey, including `promote` for Promotions and escalation for RBAC objects.
 */
export type AuthorizationEntry =
  | { readonly kind: "exempt" }
  | { readonly kind: "authenticated" }
  | { readonly kind: "checks"; readonly checks: readonly AccessCheck[]; readonly handlerChecks?: readonly HandlerCheck[] }
  | { readonly kind: "per-object" };

/**
 * Declared reviews a handler must make itself, named so the table stays the one place to read.
 * test/auth/authorization/handler-checks.test.ts is driven by the table: each named check of each
 * RPC needs a case there showing the handler refuse a caller who passes the table's own reviews.
 */
export type HandlerCheck =
  /** `promote stages <name>` for each downstream Stage a PromoteDownstream creates a Promotion for. */
  | "promote-each-downstream-stage"
  /** Escalation prevention (src/rbac/escalation): the caller must hold every permission it grants. */
  | "escalation";
