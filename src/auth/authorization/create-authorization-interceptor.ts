import type { DescMessage, DescMethod } from "@bufbuild/protobuf";
import { Code, ConnectError, type Interceptor, type StreamRequest, type UnaryRequest } from "@connectrpc/connect";
import { isExemptMethod } from "../exempt-procedures.js";
import { identityKey } from "../identity-context.js";
import { TokenRejectedError } from "../kubernetes/token-rejected-error.js";
import type { Identity } from "../identity.js";
import { describeAccess, type AccessAttributes } from "./access-attributes.js";
import { accessCheckKey } from "./access-check-context.js";
import type { AuthorizationEntry } from "./authorization-entry.js";
import { entryFor, type AuthorizationTable } from "./authorization-table-type.js";
import type { Authorizer } from "./create-authorizer.js";
import { resolveAccessChecks, type ConfiguredNamespaces } from "./resolve-access-checks.js";

/** A method that needs no authorization (see createAuthorizationInterceptor). */
const EXEMPT = Symbol("exempt");

/** What {@link createAuthorizationInterceptor} needs. */
export interface AuthorizationInterceptorDeps {
  readonly table: AuthorizationTable;
  readonly authorize: Authorizer;
  readonly namespaces: ConfiguredNamespaces;
}

/**
 * The one place RPCs are authorized. Runs after authentication; looks the RPC up in the table and
 * fails closed when it has no entry. For `checks` entries it resolves each declared review from the
 * request (for server-streaming calls, from the single request message, which it then hands on
 * unchanged) and answers PERMISSION_DENIED at the first one refused. The message names what was
 * asked, never whether the object exists: no object is read before this point. Every authenticated
 * call gets the accessCheckKey context value for the reviews its handler makes.
 */
export function createAuthorizationInterceptor(deps: AuthorizationInterceptorDeps): Interceptor {
  const { table, authorize, namespaces } = deps;
  // Per method, looked up once: EXEMPT (health and reflection, outside the Kargo API table, and
  // exempt entries), its table entry, or null when the table has none.
  const rules = new WeakMap<DescMethod, AuthorizationEntry | typeof EXEMPT | null>();
  const ruleOf = (method: DescMethod) => {
    let rule = rules.get(method);
    if (rule === undefined) {
      const entry = isExemptMethod(method) ? undefined : entryFor(table, method.parent.typeName, method.name);
      rule = isExemptMethod(method) || entry?.kind === "exempt" ? EXEMPT : (entry ?? null);
      rules.set(method, rule);
    }
    return rule;
  };

  const authorizeCall = async (next: Parameters<Interceptor>[0], req: UnaryRequest | StreamRequest, entry: AuthorizationEntry | null) => {
    if (entry === null) {
      throw new ConnectError(`no authorization rule for ${req.service.typeName}/${req.method.name}`, Code.PermissionDenied);
    }
    const identity = req.contextValues.get(identityKey);
    if (identity === undefined) {
      throw new ConnectError("no token provided", Code.Unauthenticated);
    }
    req.contextValues.set(accessCheckKey, (attributes) => review(authorize, identity, attributes));
    if (entry.kind !== "checks") {
      return next(req);
    }
    const [message, forward] = req.stream ? await requestMessage(req) : [req.message, req];
    for (const attributes of resolveAccessChecks(entry.checks, req.method.input, message, namespaces)) {
      if (!(await review(authorize, identity, attributes))) {
        throw new ConnectError(`permission denied: not permitted to ${describeAccess(attributes)}`, Code.PermissionDenied);
      }
    }
    return next(forward);
  };

  return (next) => (req) => {
    const rule = ruleOf(req.method);
    // Exempt: handed on as is, no async layer.
    return rule === EXEMPT ? next(req) : authorizeCall(next, req, rule);
  };
}

async function review(authorize: Authorizer, identity: Identity, attributes: AccessAttributes): Promise<boolean> {
  try {
    return await authorize(identity, attributes);
  } catch (cause) {
    // Kubernetes refused the caller's own token (revoked since it was accepted): as authentication
    // would have answered, and not a retry code.
    if (cause instanceof TokenRejectedError) {
      throw new ConnectError("invalid token", Code.Unauthenticated, undefined, undefined, cause);
    }
    // The review could not be made: fail closed, and say it is the authorizer, not the caller.
    throw new ConnectError("cannot check permissions: Kubernetes API unavailable", Code.Unavailable, undefined, undefined, cause);
  }
}

// A server-streaming request arrives as an async iterable of exactly one message: read it, then
// give the handler an iterable that yields it again followed by whatever else the client sent.
async function requestMessage(req: StreamRequest): Promise<[unknown, StreamRequest]> {
  const iterator = req.message[Symbol.asyncIterator]();
  const first = await iterator.next();
  async function* replay() {
    if (first.done) {
      return;
    }
    yield first.value;
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) {
      yield next.value;
    }
  }
  return [first.done ? undefined : first.value, { ...req, message: replay() } as StreamRequest<DescMessage, DescMessage>];
}
