import type { Promotion } from "../../../domain/types.js";
import { isConflict, type KargoClient } from "../../../kube/object-clients.js";

/**
 * Patches the Promotion's status if it is still the version read (its resourceVersion, a
 * precondition); undefined when someone changed it meanwhile (409 Conflict), so a decision made on
 * a stale read never overwrites a phase or an abort set since. Other failures are thrown.
 */
export async function patchStatusIfUnchanged(client: KargoClient, promotion: Promotion, status: Record<string, unknown>): Promise<Promotion | undefined> {
  const { namespace = "", name = "", resourceVersion } = promotion.metadata;
  try {
    return await client.patchStatus<Promotion>("promotions", namespace, name, status, resourceVersion ? { resourceVersion } : {});
  } catch (error) {
    if (isConflict(error)) return undefined;
    throw error;
  }
}
