import { freightEventAnnotations } from "../../domain/freight-event-annotations.js";
import { kargoEvent } from "../../domain/kargo-event.js";
import type { Freight } from "../../domain/types.js";
import { KARGO_API_VERSION } from "../../domain/well-known-keys.js";
import type { KubeObject } from "../../kube/index.js";

/** The FreightApproved Event: `Freight approved for Stage "<s>" by "<actor>"`, as Kargo records it. */
export function freightApprovedEvent(freight: Freight, stage: string, actor: string): KubeObject {
  return kargoEvent({
    reason: "FreightApproved",
    involvedObject: asFreight(freight),
    message: `Freight approved for Stage "${stage}" by "${actor}"`,
    annotations: { ...freightEventAnnotations(freight), "stage-name": stage },
    actor,
  });
}

/** Cached objects (list items) may lack apiVersion and kind; an Event's involvedObject needs them. */
function asFreight(freight: Freight): Freight {
  return { ...freight, apiVersion: KARGO_API_VERSION, kind: "Freight" };
}
