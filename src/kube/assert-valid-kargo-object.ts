import { KARGO_GROUP } from "../domain/kind-catalogue.js";
import { validateKargoObject } from "../domain/validation/index.js";
import { invalidFields } from "../errors/invalid-fields.js";
import { describeTarget, errorTargetOf } from "./error-target.js";
import type { ResourceType } from "./kargo-resources.js";

/**
 * Refuses a Kargo object (group kargo.akuity.io) that Kargo would refuse, before it is written to
 * the Kubernetes API: INVALID_ARGUMENT in the form a 422 from the API takes (toConnectError:
 * `warehouse "w" in project "p" is invalid: spec.interval: …`, each field in a BadRequest detail).
 * The checks are the embedded control plane's admission (src/domain/validation: the CRDs'
 * structural schema and CEL rules, Kargo's webhook checks, Go durations within Go's range). A
 * cluster runs Kargo's own CRDs and webhooks, but a CRD pattern does not bound a duration (a Warehouse
 * `interval: "99999999999h"` is stored, and Kargo's controllers then cannot read it), and a
 * cluster's webhooks may be missing or older; so the API checks every write itself, in every mode.
 *
 * `status` is left out: the Kargo kinds have a status subresource, so writes of the object ignore
 * it (the controllers own it). Other kinds pass unchecked (the API validates its own kinds).
 */
export function assertValidKargoObject(type: ResourceType, object: unknown, options: KargoObjectCheck = {}): void {
  if (type.group !== KARGO_GROUP || typeof object !== "object" || object === null) return;
  const { status: _status, ...written } = object as Record<string, unknown>;
  const replaced = options.create ? (FILLED_ON_CREATE[type.resource] ?? []) : [];
  const problems = validateKargoObject(type.resource, written).filter(
    (p) => !replaced.some((field) => p.field === field || p.field.startsWith(`${field}[`) || p.field.startsWith(`${field}.`)),
  );
  if (problems.length === 0) return;
  const { what, where } = describeTarget(errorTargetOf(type, options.name, options.namespace));
  const detail = problems.map((p) => `${p.field}: ${p.message}`).join("; ");
  throw invalidFields(
    problems.map((p) => ({ field: p.field, description: p.message })),
    { message: `${options.messagePrefix ?? ""}${what}${where} is invalid: ${detail}` },
  );
}

/** What {@link assertValidKargoObject} is told about the write. */
export interface KargoObjectCheck {
  /** The object's name (or generateName) and namespace, for the message. */
  readonly name?: string | undefined;
  readonly namespace?: string | undefined;
  /** Goes before the message (a manifest's `document 2: `). */
  readonly messagePrefix?: string;
  /** A create: fields Kargo's defaulting webhook replaces on create are not judged as given. */
  readonly create?: boolean;
}

/**
 * Fields Kargo's defaulting webhook sets on create whatever the request says (and the embedded
 * admission with it, mutate-promotion.ts): a Promotion's steps and vars come from its Stage's
 * promotion template, so a Promotion is created with `{ stage, freight }` alone.
 */
const FILLED_ON_CREATE: Readonly<Record<string, readonly string[]>> = {
  promotions: ["spec.steps", "spec.vars"],
};
