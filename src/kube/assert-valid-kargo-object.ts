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
 * `messagePrefix` goes before the message (a manifest's `document 2: `).
 *
 * `status` is left out: the Kargo kinds have a status subresource, so writes of the object ignore
 * it (the controllers own it). Other kinds pass unchecked (the API validates its own kinds).
 */
export function assertValidKargoObject(type: ResourceType, object: unknown, name?: string, namespace?: string, messagePrefix = ""): void {
  if (type.group !== KARGO_GROUP || typeof object !== "object" || object === null) return;
  const { status: _status, ...written } = object as Record<string, unknown>;
  const problems = validateKargoObject(type.resource, written);
  if (problems.length === 0) return;
  const { what, where } = describeTarget(errorTargetOf(type, name, namespace));
  const detail = problems.map((p) => `${p.field}: ${p.message}`).join("; ");
  throw invalidFields(
    problems.map((p) => ({ field: p.field, description: p.message })),
    { message: `${messagePrefix}${what}${where} is invalid: ${detail}` },
  );
}
