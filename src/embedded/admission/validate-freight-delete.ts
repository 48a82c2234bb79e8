import { freightInUseBy, type Freight, type Stage } from "../../domain/index.js";
import { forbidden } from "../api/api-error.js";
import type { ResourceType } from "../resources/resource-types.js";
import type { KubeObject, ObjectStore } from "../store/types.js";
import { TYPES } from "./kargo-types.js";

/**
 * Kargo's Freight delete check: Freight that a Stage currently uses (freightInUseBy) cannot be
 * deleted — 403 Forbidden naming the Stages, as Kargo's webhook answers (the API service maps it
 * to FAILED_PRECONDITION).
 */
export function validateFreightDelete(store: ObjectStore, type: ResourceType, freight: KubeObject): void {
  const stages = store.list(TYPES.stages, { namespace: freight.metadata.namespace! }).items as Stage[];
  const users = freightInUseBy(freight as Freight, stages);
  if (users.length > 0) {
    const name = freight.metadata.name!;
    throw forbidden(
      type,
      name,
      `Freight "${name}" in project "${freight.metadata.namespace}" cannot be deleted: it is in use by Stage(s) ${users.map((s) => `"${s}"`).join(", ")}`,
    );
  }
}
