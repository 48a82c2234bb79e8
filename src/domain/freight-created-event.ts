import { freightEventAnnotations } from "./freight-event-annotations.js";
import type { KargoEventInput } from "./kargo-event.js";
import type { Freight } from "./types.js";
import { KARGO_API_VERSION } from "./well-known-keys.js";

/**
 * The FreightCreated Event, `Freight created for Warehouse "<w>" by "<actor>"`, as Kargo records
 * it. One definition for both recorders: the API server records it for the Freight it creates
 * (CreateFreight, CreateResource), the embedded admission for Freight any other client creates
 * (it skips the control plane's own writes), so each Freight gets exactly one.
 */
export function freightCreatedEvent(freight: Freight, actor: string): KargoEventInput {
  return {
    reason: "FreightCreated",
    // List items may lack apiVersion and kind; an Event's involvedObject needs them.
    involvedObject: { ...freight, apiVersion: KARGO_API_VERSION, kind: "Freight" },
    message: `Freight created for Warehouse "${freight.origin?.name ?? ""}" by "${actor}"`,
    annotations: freightEventAnnotations(freight),
    actor,
  };
}
