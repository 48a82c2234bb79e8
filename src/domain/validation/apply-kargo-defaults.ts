import { applyDefaults } from "./apply-defaults.js";
import { kargoSchemaOf } from "./kargo-schemas.js";

/**
 * Fills in the Kargo v1.11 CRD defaults (Warehouse `interval` "5m0s" and `freightCreationPolicy`
 * "Automatic", webhook receivers' `secretRef.name` "") and returns the new object; the input is
 * not modified. Objects of other resources come back unchanged. Call it on create and update,
 * before `validateKargoObject`, so stored objects read as they would from a real cluster.
 */
export function applyKargoDefaults<T>(resource: string, object: T): T {
  const schema = kargoSchemaOf(resource);
  return schema === undefined ? object : (applyDefaults(schema, object) as T);
}
