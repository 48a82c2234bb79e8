import { randomBytes } from "node:crypto";
import type { KubeObject } from "./types.js";
import { EVENT_ANNOTATION_PREFIX } from "./well-known-keys.js";
import { rfc3339 } from "../util/rfc3339.js";

/** The reasons of the Events Kargo records about promotions and Freight. */
export type KargoEventReason =
  | "PromotionCreated"
  | "PromotionSucceeded"
  | "PromotionFailed"
  | "PromotionErrored"
  | "PromotionAborted"
  | "FreightApproved"
  | "FreightCreated";

/** Inputs of kargoEvent. */
export interface KargoEventInput {
  reason: KargoEventReason;
  /** The object the Event is about (a Promotion, Freight …); its namespace is the Event's. */
  involvedObject: KubeObject;
  message: string;
  /** Short keys (`stage-name`) or full keys; short ones get the `event.kargo.akuity.io/` prefix. */
  annotations?: Record<string, string>;
  /** Stamped as `event.kargo.akuity.io/actor`. */
  actor?: string;
  /** Kargo's Events are Normal except failures and errors, which are Warning (the default follows that). */
  type?: "Normal" | "Warning";
  /** Recording component: Kargo's API server records as "api", controllers by their name. */
  component?: string;
  now?: Date;
}

const WARNING_REASONS = new Set<KargoEventReason>(["PromotionFailed", "PromotionErrored"]);

/**
 * A core/v1 Event as Kargo records it: about `involvedObject`, in its
 * namespace (the project), with the `event.kargo.akuity.io/*` annotations (always `project`, and
 * `actor` when given), `source.component` and `reportingComponent` the recorder, count 1, first
 * and last timestamp `now`. The name is `<object name>.<16 hex digits>` like client-go's recorder.
 */
export function kargoEvent(input: KargoEventInput): KubeObject {
  const now = input.now ?? new Date();
  const time = rfc3339(now);
  const { metadata } = input.involvedObject;
  const namespace = metadata.namespace ?? "";
  const annotations: Record<string, string> = { [`${EVENT_ANNOTATION_PREFIX}project`]: namespace };
  for (const [key, value] of Object.entries(input.annotations ?? {})) {
    annotations[key.includes("/") ? key : `${EVENT_ANNOTATION_PREFIX}${key}`] = value;
  }
  if (input.actor !== undefined) annotations[`${EVENT_ANNOTATION_PREFIX}actor`] = input.actor;
  const component = input.component ?? "api";
  const objectName = (metadata.name ?? "event").slice(0, 253 - 17);
  return {
    apiVersion: "v1",
    kind: "Event",
    metadata: { name: `${objectName}.${randomBytes(8).toString("hex")}`, namespace, annotations },
    involvedObject: {
      apiVersion: input.involvedObject.apiVersion,
      kind: input.involvedObject.kind,
      name: metadata.name,
      namespace,
      ...(metadata.uid ? { uid: metadata.uid } : {}),
      ...(typeof metadata["resourceVersion"] === "string" ? { resourceVersion: metadata["resourceVersion"] } : {}),
    },
    reason: input.reason,
    message: input.message,
    type: input.type ?? (WARNING_REASONS.has(input.reason) ? "Warning" : "Normal"),
    source: { component },
    reportingComponent: component,
    reportingInstance: component,
    firstTimestamp: time,
    lastTimestamp: time,
    count: 1,
  };
}
