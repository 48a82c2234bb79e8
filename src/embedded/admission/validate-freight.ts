import { freightAliasProblem, freightName, type Freight } from "../../domain/index.js";
import { ApiError, invalid, type StatusCause } from "../api/api-error.js";
import type { ResourceType } from "../resources/resource-types.js";
import { jsonEqual } from "../../util/json-equal.js";
import type { KubeObject, ObjectStore } from "../store/types.js";
import { freightWithAlias } from "./mutate-freight.js";

// What identifies a piece of Freight: its ID is computed from these, so they never change.
const IMMUTABLE = ["origin", "commits", "images", "charts", "artifacts"] as const;

/**
 * Kargo's Freight validating webhook, after defaulting and structural validation: on create the
 * name must be the Freight's ID (422; Kargo's IDs are content addresses, so a different name would
 * let two names hold the same artifacts) and there must be at least one artifact (422); on update
 * origin and artifacts are immutable (422); on both the alias must be a valid label value (422) and
 * unused by any other Freight of the project (409 AlreadyExists, as Kargo answers).
 */
export function validateFreight(store: ObjectStore, type: ResourceType, object: KubeObject, old: KubeObject | undefined): void {
  const freight = object as Freight & KubeObject;
  const name = freight.metadata.name ?? "";
  const causes: StatusCause[] = [];
  if (!old) {
    const id = freightName(freight);
    if (name !== id) {
      causes.push({
        field: "metadata.name",
        reason: "FieldValueInvalid",
        message: `Invalid value: "${name}": must be the Freight's ID "${id}", computed from its origin and artifacts (leave it empty to have it set)`,
      });
    }
    const artifacts = (freight.commits?.length ?? 0) + (freight.images?.length ?? 0) + (freight.charts?.length ?? 0) + (freight.artifacts?.length ?? 0);
    if (artifacts === 0) causes.push({ reason: "FieldValueRequired", message: "Freight must contain at least one commit, image, chart or artifact" });
  } else {
    for (const field of IMMUTABLE) {
      if (!jsonEqual(freight[field] ?? null, (old as Freight)[field] ?? null)) {
        causes.push({ field, reason: "FieldValueForbidden", message: "Forbidden: field is immutable" });
      }
    }
  }
  if (freight.alias) {
    const problem = freightAliasProblem(freight.alias);
    if (problem) causes.push({ field: "alias", reason: "FieldValueInvalid", message: `Invalid value: "${freight.alias}": ${problem}` });
  }
  if (causes.length > 0) throw invalid(type, name, causes);
  if (freight.alias) {
    const holder = freightWithAlias(store, freight.metadata.namespace!, freight.alias, name);
    if (holder) {
      throw new ApiError(
        409,
        "AlreadyExists",
        `alias "${freight.alias}" already used by another Freight resource ("${holder.metadata.name}") in project "${freight.metadata.namespace}"`,
        {
          name,
          group: type.group,
          kind: type.resource,
        },
      );
    }
  }
}
