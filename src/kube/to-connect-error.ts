import { invalidFields } from "../errors/invalid-fields.js";
import { ApiException } from "./client-node.js";
import { Code, ConnectError } from "@connectrpc/connect";
import { PROMOTION_WINDOW_CLOSED_REASON } from "../domain/promotion-window-closed-reason.js";
import { describeTarget, type ErrorTarget } from "./error-target.js";
import { isExpiredResourceVersionError } from "./watch/expired-resource-version-error.js";
import { isWatchBufferOverflowError } from "./watch/watch-buffer-overflow-error.js";

/** A Kubernetes `Status` cause (metav1.StatusCause). */
interface StatusCause {
  reason?: string;
  message?: string;
  field?: string;
}

/** What we read from a Kubernetes failure. */
interface KubeFailure {
  code: number;
  reason: string;
  message: string;
  causes: StatusCause[];
  /** Status details: which object the API says the failure is about. */
  details: { name?: string; kind?: string };
}

/**
 * The one place foreign errors of the Kubernetes data path become ConnectErrors: Kubernetes
 * `Status` failures (client-node's ApiException, the informer's watch errors), network failures,
 * aborts, and the watch hub's own errors. The mapping is Kargo's (NotFound → NOT_FOUND,
 * AlreadyExists → ALREADY_EXISTS, Forbidden → PERMISSION_DENIED, Invalid → INVALID_ARGUMENT …) with
 * these exceptions (optimistic-concurrency conflicts are ABORTED, a missing object is always
 * NOT_FOUND, 410 Gone is OUT_OF_RANGE so a watch client knows to relist).
 *
 * The message names the object from `target` ("stage \"prod\" not found in project \"demo\"");
 * the original error is the `cause`, for logs. 422 Invalid lists each field violation of the
 * Status causes in the message as `<field path>: <problem>` joined by "; ", and in a
 * google.rpc.BadRequest detail (src/errors/invalid-fields.ts).
 */
export function toConnectError(error: unknown, target: ErrorTarget = { noun: "object" }): ConnectError {
  // Already chosen on purpose by our own code.
  if (error instanceof ConnectError) return error;
  // The watch hub cannot resume from that version: the client must relist (Kargo REST's out_of_range).
  if (isExpiredResourceVersionError(error)) return new ConnectError(error.message, Code.OutOfRange, undefined, undefined, error);
  // A watch consumer fell behind its bounded buffer: cut off rather than grow memory.
  if (isWatchBufferOverflowError(error)) return new ConnectError(error.message, Code.ResourceExhausted, undefined, undefined, error);

  const failure = kubeFailureOf(error);
  if (failure) return fromKubeFailure(failure, target, error);

  // The RPC was cancelled (its AbortSignal reached the Kubernetes call).
  if (isNamed(error, "AbortError")) return new ConnectError("the request was cancelled", Code.Canceled, undefined, undefined, error);
  // client-node's watch inactivity timeout, or a deadline passed into the call.
  if (isNamed(error, "TimeoutError")) return new ConnectError("the Kubernetes API did not answer in time", Code.DeadlineExceeded, undefined, undefined, error);
  // Connection refused/reset, DNS, TLS: the Kubernetes API cannot be reached right now; retrying may help.
  if (networkCodeOf(error)) return new ConnectError("the Kubernetes API is unavailable", Code.Unavailable, undefined, undefined, error);
  // Anything else is a bug on our side; the message stays generic, the cause is logged.
  return new ConnectError("internal error", Code.Internal, undefined, undefined, error);
}

function fromKubeFailure(failure: KubeFailure, target: ErrorTarget, cause: unknown): ConnectError {
  const { what, where } = describeTarget(target);
  const make = (message: string, code: Code) => new ConnectError(message, code, undefined, undefined, cause);
  // Embedded admission refused a Promotion because a promotion window closes its Stage: the
  // request is valid and permitted, just not now; the message names the window and the reopening.
  if (failure.reason === PROMOTION_WINDOW_CLOSED_REASON) return make(failure.message, Code.FailedPrecondition);
  switch (failure.code) {
    case 400:
      // BadRequest: the request itself was malformed (bad selector, bad patch document).
      return make(`invalid request for ${what}${where}: ${failure.message}`, Code.InvalidArgument);
    case 401:
      // With the server's own credentials a 401 is a deployment problem the caller cannot fix;
      // with the caller's token it is theirs.
      return target.callerCredentials
        ? make("the Kubernetes API rejected the caller's credentials", Code.Unauthenticated)
        : make("the API server's Kubernetes credentials were rejected", Code.Internal);
    case 403:
      // Forbidden: RBAC, or an admission webhook refusing (Kargo: deleting Freight in use).
      return make(`permission denied on ${what}${where}: ${failure.message}`, Code.PermissionDenied);
    case 404:
      // A missing object is always NOT_FOUND, never INVALID_ARGUMENT or INTERNAL. When it is the
      // namespace that is missing (a create into it), say so rather than blame the object.
      if (failure.details.kind === "namespaces" && target.namespace && failure.details.name === target.namespace && target.noun !== "namespace") {
        return make(`${target.namespaceNoun ?? "project"} "${target.namespace}" not found`, Code.NotFound);
      }
      return make(`${what} not found${where}`, Code.NotFound);
    case 405:
      // MethodNotAllowed: the verb is not served for that resource.
      return make(`${failure.message}`, Code.Unimplemented);
    case 409:
      // Optimistic concurrency (stale resourceVersion, failed precondition): the caller re-reads
      // and retries, so ABORTED rather than Kargo's ALREADY_EXISTS.
      if (failure.reason === "Conflict") return make(`${what}${where} was modified concurrently; read it again and retry`, Code.Aborted);
      // AlreadyExists, and other 409s from admission (alias clash, unlabelled namespace of a project).
      if (failure.reason === "AlreadyExists") return make(`${what} already exists${where}`, Code.AlreadyExists);
      return make(`${what}${where}: ${failure.message}`, Code.AlreadyExists);
    case 410:
      // Gone/Expired: a resourceVersion too old to watch or list from; distinct from NOT_FOUND so
      // a watch client knows to relist.
      return make(`resource version expired: ${failure.message}`, Code.OutOfRange);
    case 413:
      // RequestEntityTooLarge: the object is over the API's size limit.
      return make(`${what}${where} is too large: ${failure.message}`, Code.ResourceExhausted);
    case 422: {
      // Invalid (schema, CRD or admission validation): one "<field>: <problem>" per cause.
      const violations = failure.causes
        .map((c) => (c.field ? `${c.field}: ${c.message ?? c.reason ?? "invalid"}` : (c.message ?? c.reason ?? "")))
        .filter((v) => v !== "");
      const detail = violations.length > 0 ? violations.join("; ") : failure.message;
      // The field paths also go into a google.rpc.BadRequest detail, for programs.
      const fields = failure.causes.filter((c) => c.field).map((c) => ({ field: c.field as string, description: c.message ?? c.reason ?? "invalid" }));
      return invalidFields(fields, { message: `${what}${where} is invalid: ${detail}`, cause });
    }
    case 429:
      // TooManyRequests: API priority and fairness throttled us.
      return make("the Kubernetes API is throttling requests; retry later", Code.ResourceExhausted);
    case 499:
      // Client closed request.
      return make("the request was cancelled", Code.Canceled);
    case 501:
      // NotImplemented by this Kubernetes API.
      return make(`not implemented by the Kubernetes API: ${failure.message}`, Code.Unimplemented);
    case 504:
      // GatewayTimeout / server timeout: the deadline passed on the Kubernetes side.
      return make("the Kubernetes API timed out", Code.DeadlineExceeded);
    default:
      // 502/503 and other 5xx: the Kubernetes API (or a webhook behind it) is down or overloaded,
      // usually transient. 500 is a failure inside it: INTERNAL, as Kargo maps it.
      if (failure.code === 500) return make("the Kubernetes API failed", Code.Internal);
      if (failure.code >= 500) return make("the Kubernetes API is unavailable", Code.Unavailable);
      return make(`unexpected answer from the Kubernetes API (HTTP ${failure.code}): ${failure.message}`, Code.Internal);
  }
}

/** Reads code/reason/message/causes from client-node's ApiException or its Watch's error (statusCode). */
function kubeFailureOf(error: unknown): KubeFailure | undefined {
  // DOMException has a numeric legacy `code` too (20 for AbortError): not an HTTP status.
  if (typeof error !== "object" || error === null || error instanceof DOMException) return undefined;
  const e = error as { code?: unknown; statusCode?: unknown; body?: unknown; message?: unknown };
  const code = error instanceof ApiException ? e.code : typeof e.statusCode === "number" ? e.statusCode : undefined;
  if (typeof code !== "number" || code < 100 || code > 599) return undefined;
  let body = e.body;
  if (typeof body === "string") {
    try {
      body = JSON.parse(body);
    } catch {
      body = undefined;
    }
  }
  const status =
    typeof body === "object" && body !== null
      ? (body as { reason?: unknown; message?: unknown; details?: { causes?: unknown; name?: unknown; kind?: unknown } })
      : {};
  const causes = Array.isArray(status.details?.causes) ? (status.details.causes as StatusCause[]) : [];
  const details: KubeFailure["details"] = {};
  if (typeof status.details?.name === "string") details.name = status.details.name;
  if (typeof status.details?.kind === "string") details.kind = status.details.kind;
  return {
    code,
    reason: typeof status.reason === "string" ? status.reason : "",
    message: typeof status.message === "string" ? status.message : typeof e.message === "string" ? e.message : "",
    causes,
    details,
  };
}

const NETWORK_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "ENOTFOUND", "EAI_AGAIN", "ETIMEDOUT", "EHOSTUNREACH", "ENETUNREACH", "EPIPE"]);

/** A socket-level error code anywhere in the cause chain (undici wraps them as "fetch failed"). */
function networkCodeOf(error: unknown): string | undefined {
  for (let e: unknown = error, depth = 0; typeof e === "object" && e !== null && depth < 8; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string" && (NETWORK_CODES.has(code) || code.startsWith("UND_ERR_") || code.startsWith("ERR_TLS") || code.startsWith("ERR_SSL")))
      return code;
    const errors = (e as { errors?: unknown }).errors;
    if (Array.isArray(errors))
      for (const inner of errors) {
        const found = networkCodeOf(inner);
        if (found) return found;
      }
  }
  return undefined;
}

function isNamed(error: unknown, name: string): boolean {
  return typeof error === "object" && error !== null && ((error as { name?: unknown }).name === name || (error instanceof DOMException && error.name === name));
}
