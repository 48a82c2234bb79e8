import { kargoEvent, type KargoEventInput } from "../../domain/index.js";
import type { KubeObject, ObjectStore } from "../store/types.js";
import type { EmbeddedLogger } from "../api/api-context.js";
import { TYPES } from "./kargo-types.js";

/**
 * Stores a Kargo Event (kargoEvent) in the involved object's namespace. Recording is best effort,
 * as with client-go's recorder: a failure is logged and never fails the write it reports on.
 */
export function recordEvent(store: ObjectStore, logger: EmbeddedLogger, input: KargoEventInput): KubeObject | undefined {
  const event = kargoEvent({ component: "admission", ...input });
  try {
    return store.create(TYPES.events, event as KubeObject);
  } catch (error) {
    logger.warn({ err: error, reason: input.reason }, "could not record event");
    return undefined;
  }
}
