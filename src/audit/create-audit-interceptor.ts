import type { DescMethod } from "@bufbuild/protobuf";
import { ConnectError, type Interceptor } from "@connectrpc/connect";
import { actorFor } from "../auth/actor-for.js";
import type { AuthorizationEntry } from "../auth/authorization/authorization-entry.js";
import type { AuthorizationTable } from "../auth/authorization/authorization-table-type.js";
import { resolveAccessChecks, type ConfiguredNamespaces } from "../auth/authorization/resolve-access-checks.js";
import { identityKey } from "../auth/identity-context.js";
import { ALL_KINDS } from "../domain/kind-catalogue.js";
import { codeName } from "../server/code-name.js";
import type { AuditEntry, AuditStore } from "./audit-store.js";
import { auditedRpcs, isWriteVerb } from "./audited-rpcs.js";

/** What {@link createAuditInterceptor} needs. */
export interface AuditInterceptorDeps {
  readonly store: AuditStore;
  readonly table: AuthorizationTable;
  readonly namespaces: ConfiguredNamespaces;
  /** Told when a record cannot be written (the call's own outcome is not changed). */
  readonly onError: (error: unknown, rpc: string) => void;
}

/** The rest of an interceptor chain. */
type Next = Parameters<Interceptor>[0];

/** The object of a record, before the call's outcome is known. */
type Target = Pick<AuditEntry, "namespace" | "kind" | "name">;

/**
 * Records every write RPC (auditedRpcs: derived from the authorization table) once it finished:
 * time, actor, RPC, object and outcome code. Placed outside authentication and authorization, it
 * also records calls they refused (PERMISSION_DENIED); a call without an authenticated caller has
 * no actor and wrote nothing, and is not recorded. Only names are taken from the request — kind,
 * namespace, name — never a body or a message, so no secret value can reach the trail.
 */
export function createAuditInterceptor(deps: AuditInterceptorDeps): Interceptor {
  const audited = auditedRpcs(deps.table);
  const kindOf = (group: string, resource: string) => ALL_KINDS.find((k) => k.group === group && k.resource === resource)?.kind ?? resource;

  /** Kind, namespace and name of the object a `checks` RPC writes: its first review with a write verb. */
  const targetOf = (entry: AuthorizationEntry, req: Parameters<Next>[0]): Target => {
    if (entry.kind !== "checks" || req.stream) return { namespace: "", kind: "", name: "" };
    let attributes;
    try {
      attributes = resolveAccessChecks(entry.checks, req.method.input, req.message, deps.namespaces).find((a) => isWriteVerb(a.verb));
    } catch {
      // A request without its project: authorization refuses it; the record has no object.
      return { namespace: "", kind: "", name: "" };
    }
    if (attributes === undefined) return { namespace: "", kind: "", name: "" };
    const kind = kindOf(attributes.group, attributes.resource);
    const name = attributes.name ?? createdName(req.message) ?? "";
    // A Project's trail is its own namespace; other cluster-scoped objects are in the Kargo namespace's.
    const namespace = attributes.namespace ?? (attributes.resource === "projects" ? name : deps.namespaces.kargo);
    // (A created Project's name may come only with the response; the record's namespace follows it.)
    return { namespace, kind, name };
  };

  const record = (entry: Omit<AuditEntry, "time">, rpc: string) => {
    try {
      deps.store.append({ time: new Date().toISOString(), ...entry });
    } catch (error) {
      deps.onError(error, rpc);
    }
  };

  // Per method, looked up once: its RPC name and audit entry, or null when it is not audited.
  const byMethod = new WeakMap<DescMethod, { rpc: string; entry: AuthorizationEntry } | null>();
  const auditedCall = (method: DescMethod) => {
    let found = byMethod.get(method);
    if (found === undefined) {
      const rpc = `${method.parent.typeName}/${method.name}`;
      const entry = audited.get(rpc);
      byMethod.set(method, (found = entry === undefined ? null : { rpc, entry }));
    }
    return found;
  };

  return (next) => (req) => {
    const call = auditedCall(req.method);
    // Not a write (every read): handed on as is, no async layer.
    if (call === null) return next(req);
    return recordCall(next, req, call.rpc, call.entry);
  };

  async function recordCall(next: Next, req: Parameters<Next>[0], rpc: string, entry: AuthorizationEntry): Promise<Awaited<ReturnType<Next>>> {
    const target = targetOf(entry, req);
    let code = "ok";
    let response: Awaited<ReturnType<typeof next>> | undefined;
    try {
      response = await next(req);
      return response;
    } catch (error) {
      // What the error interceptor outside makes of it: a ConnectError's code, else INTERNAL.
      code = error instanceof ConnectError ? codeName(error.code) : "internal";
      throw error;
    } finally {
      const identity = req.contextValues.get(identityKey);
      if (identity !== undefined) {
        const actor = actorFor(identity);
        const results = entry.kind === "per-object" && response !== undefined && !response.stream ? objectResults(response.message, deps.namespaces.kargo) : [];
        if (results.length > 0) {
          for (const result of results) record({ actor, rpc, ...result }, rpc);
        } else {
          const name = target.name || (response && !response.stream ? (createdName(response.message) ?? "") : "");
          const namespace = target.kind === "Project" ? name : target.namespace;
          record({ actor, rpc, ...target, namespace, name, code }, rpc);
        }
      }
    }
  }
}

/**
 * The name of the object a create request or response carries in a message field with
 * `metadata.name` (CreateStage's `stage`, CreateRole's `role`, PromoteToStage's `promotion` …) or
 * in a `name` field (CreateProject, CreateAPIToken).
 */
function createdName(message: unknown): string | undefined {
  if (typeof message !== "object" || message === null) return undefined;
  const own = (message as { name?: unknown }).name;
  if (typeof own === "string" && own !== "") return own;
  for (const value of Object.values(message as Record<string, unknown>)) {
    const name = (value as { metadata?: { name?: unknown } } | undefined)?.metadata?.name;
    if (typeof name === "string" && name !== "") return name;
  }
  return undefined;
}

/** One record per object of a ResourceService answer: its kind, namespace, name and outcome. */
function objectResults(message: unknown, clusterTrail: string): Omit<AuditEntry, "time" | "actor" | "rpc">[] {
  const results = (message as { results?: unknown }).results;
  if (!Array.isArray(results)) return [];
  return results.map((r: { kind?: string; namespace?: string; name?: string; result?: { case?: string; value?: { code?: string } } }) => ({
    kind: r.kind ?? "",
    namespace: r.namespace || (r.kind === "Project" ? (r.name ?? "") : clusterTrail),
    name: r.name ?? "",
    code: r.result?.case === "error" ? (r.result.value?.code ?? "unknown") : "ok",
  }));
}
