import {
  DEFAULT_SELECTABLE_FIELDS,
  isSelectorParseError,
  matchesFields,
  matchesLabels,
  objectFields,
  parseFieldSelector,
  parseLabelSelector,
} from "../../domain/selectors/index.js";
import type { KubeObject, ObjectFilter } from "../store/types.js";
import type { ResourceType } from "../resources/resource-types.js";
import { badRequest } from "./api-error.js";

// Fields Kubernetes lets these core types be selected by, beyond metadata.name/namespace
// (the field selectors kubectl and controllers use: `type` of Secrets, an Event's involvedObject).
const EXTRA_FIELDS: Record<string, Record<string, (o: KubeObject) => string | undefined>> = {
  secrets: { type: (o) => o["type"] as string | undefined },
  events: {
    "involvedObject.kind": (o) => involved(o)?.["kind"],
    "involvedObject.name": (o) => involved(o)?.["name"],
    "involvedObject.namespace": (o) => involved(o)?.["namespace"],
    "involvedObject.uid": (o) => involved(o)?.["uid"],
    reason: (o) => o["reason"] as string | undefined,
    type: (o) => o["type"] as string | undefined,
  },
};

function involved(object: KubeObject): Record<string, string> | undefined {
  return object["involvedObject"] as Record<string, string> | undefined;
}

/**
 * The store filter for a list or watch request's `labelSelector` and `fieldSelector`; undefined
 * when neither narrows anything. A selector that does not parse, or names a field the type
 * cannot be selected by, is 400 BadRequest.
 */
export function buildObjectFilter(type: ResourceType, query: URLSearchParams): ObjectFilter | undefined {
  const extra = type.group === "" ? EXTRA_FIELDS[type.resource] : undefined;
  try {
    const labels = parseLabelSelector(query.get("labelSelector") ?? "");
    const fields = parseFieldSelector(query.get("fieldSelector") ?? "", [...DEFAULT_SELECTABLE_FIELDS, ...Object.keys(extra ?? {})]);
    if (labels.requirements.length === 0 && !labels.nothing && fields.requirements.length === 0) return undefined;
    return (object) => {
      if (!matchesLabels(labels, object.metadata.labels)) return false;
      if (fields.requirements.length === 0) return true;
      const values: Record<string, string | undefined> = objectFields(object);
      for (const [field, read] of Object.entries(extra ?? {})) values[field] = read(object);
      return matchesFields(fields, values);
    };
  } catch (error) {
    if (isSelectorParseError(error)) throw badRequest(error.message);
    throw error;
  }
}
