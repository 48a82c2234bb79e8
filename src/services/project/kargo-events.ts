import type { KubeObject } from "../../kube/index.js";

/**
 * Whether a core Event is about a Kargo object (`involvedObject.apiVersion` in the group
 * `kargo.akuity.io`), the events ListProjectEvents and WatchProjectEvents show.
 */
export function isKargoEvent(event: KubeObject): boolean {
  const involved = event["involvedObject"] as { apiVersion?: unknown } | undefined;
  return typeof involved?.apiVersion === "string" && involved.apiVersion.startsWith("kargo.akuity.io/");
}

/**
 * When an event last happened: `lastTimestamp`, else `eventTime` (events.k8s.io-style events
 * set only that), else `firstTimestamp`, else creation. Kargo sorts by `lastTimestamp` alone, so
 * events without it sorted as oldest whatever their age; all four are considered here.
 */
export function eventTime(event: KubeObject): number {
  for (const value of [event["lastTimestamp"], event["eventTime"], event["firstTimestamp"], event.metadata.creationTimestamp]) {
    if (typeof value === "string" && value !== "") {
      const ms = Date.parse(value);
      if (!Number.isNaN(ms)) return ms;
    }
  }
  return 0;
}

/** Newest first; equal times by name, so pages are stable. */
export function newestFirst(a: KubeObject, b: KubeObject): number {
  return eventTime(b) - eventTime(a) || (a.metadata.name ?? "").localeCompare(b.metadata.name ?? "");
}
