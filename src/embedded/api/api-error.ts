/**
 * Every failure the embedded API answers is an ApiError, rendered as a Kubernetes `Status`
 * (kind Status, apiVersion v1, status Failure) with the HTTP code, reason, message and details
 * that apimachinery's `errors` package would produce, so client-node and kubectl recognise them
 * (kubectl's "NotFound" handling in apply, client-go's IsConflict …).
 */

import { qualifiedResource } from "../resources/resource-types.js";

/** metav1.StatusCause. */
export interface StatusCause {
  reason?: string;
  message?: string;
  field?: string;
}

/** metav1.StatusDetails. */
export interface StatusDetails {
  name?: string;
  group?: string;
  kind?: string;
  uid?: string;
  causes?: StatusCause[];
  retryAfterSeconds?: number;
}

/** metav1.Status as JSON. */
export interface StatusObject {
  kind: "Status";
  apiVersion: "v1";
  metadata: Record<string, never>;
  status: "Failure" | "Success";
  message: string;
  reason: string;
  details?: StatusDetails;
  code: number;
}

/** A Kubernetes API failure with its HTTP code and Status reason. */
export class ApiError extends Error {
  override name = "ApiError";
  readonly code: number;
  readonly reason: string;
  readonly details: StatusDetails | undefined;

  constructor(code: number, reason: string, message: string, details?: StatusDetails, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.reason = reason;
    this.details = details;
  }

  /** The Status object sent to the client. */
  toStatus(): StatusObject {
    return {
      kind: "Status",
      apiVersion: "v1",
      metadata: {},
      status: "Failure",
      message: this.message,
      reason: this.reason,
      ...(this.details ? { details: this.details } : {}),
      code: this.code,
    };
  }
}

/** True when `error` is an ApiError. */
export function isApiError(error: unknown): error is ApiError {
  return error instanceof ApiError;
}

/** Names the object an error is about: the group and plural resource, as apimachinery puts them in details. */
export interface ErrorTarget {
  group: string;
  resource: string;
}

/** 404 `<resource> "<name>" not found`. */
export function notFound(target: ErrorTarget, name: string): ApiError {
  return new ApiError(404, "NotFound", `${qualifiedResource(target)} "${name}" not found`, {
    name,
    group: target.group,
    kind: target.resource,
  });
}

/** 400 BadRequest. */
export function badRequest(message: string): ApiError {
  return new ApiError(400, "BadRequest", message);
}

/**
 * 422 Invalid: `<Kind>.<group> "<name>" is invalid: <field>: <message>, …` with one cause per
 * field error (reason FieldValueRequired, FieldValueInvalid …).
 */
export function invalid(target: { group: string; kind: string }, name: string, causes: StatusCause[]): ApiError {
  const qualifiedKind = target.group === "" ? target.kind : `${target.kind}.${target.group}`;
  const summary = causes.map((c) => (c.field ? `${c.field}: ${c.message}` : (c.message ?? ""))).join(", ");
  return new ApiError(422, "Invalid", `${qualifiedKind} "${name}" is invalid: ${summary}`, {
    name,
    group: target.group,
    kind: target.kind,
    causes,
  });
}

/** 403 Forbidden with a preformatted message (see forbiddenMessage). */
export function forbidden(target: ErrorTarget, name: string | undefined, message: string): ApiError {
  return new ApiError(403, "Forbidden", message, {
    ...(name ? { name } : {}),
    group: target.group,
    kind: target.resource,
  });
}

/** 401 Unauthorized, for an absent or invalid bearer token. */
export function unauthorized(): ApiError {
  return new ApiError(401, "Unauthorized", "Unauthorized");
}

/** 404 for a path or resource the server does not serve. */
export function notServed(): ApiError {
  return new ApiError(404, "NotFound", "the server could not find the requested resource");
}

/** 405 MethodNotAllowed for a verb the resource does not support. */
export function methodNotAllowed(verb: string, resource: string): ApiError {
  return new ApiError(405, "MethodNotAllowed", `${verb} is not supported on resources of kind "${resource}"`);
}

/** 413 RequestEntityTooLarge. */
export function tooLarge(limit: number): ApiError {
  return new ApiError(413, "RequestEntityTooLarge", `the request is too large: the limit is ${limit} bytes`);
}

/** 500 InternalError: a bug, never a client mistake; the cause is logged, not sent. */
export function internalError(cause: unknown): ApiError {
  return new ApiError(500, "InternalError", "an error on the server has prevented the request from succeeding", undefined, {
    cause,
  });
}
