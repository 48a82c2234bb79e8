import type { KubeObject } from "../../store/types.js";
import type { ResourceType } from "../../resources/resource-types.js";
import type { TableRequest } from "./table-request.js";
import { toTable } from "./to-table.js";

/** A list reply as the list handler builds it. */
export interface ListBody {
  items: KubeObject[];
  metadata: { resourceVersion?: string; continue?: string; remainingItemCount?: number };
}

/** Turns a get reply (one object) or a list reply into the Table kubectl asked for. */
export function replyAsTable(type: ResourceType, body: KubeObject | ListBody, request: TableRequest): Record<string, unknown> {
  if ("items" in body && Array.isArray(body.items)) return toTable(type, body.items, request, body.metadata);
  const object = body as KubeObject;
  return toTable(type, [object], request, { resourceVersion: object.metadata.resourceVersion ?? "" });
}
