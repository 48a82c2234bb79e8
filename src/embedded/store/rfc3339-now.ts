import { rfc3339 } from "../../util/rfc3339.js";

/** The last second formatted, and its text: every write in a second has the same timestamp. */
let lastSecond = Number.NaN;
let lastText = "";

/**
 * The current time as Kubernetes writes metav1.Time: RFC 3339, whole seconds, UTC with "Z"
 * (e.g. "2026-11-23T15:45:24Z"). Kubernetes truncates to seconds on the wire, so we store the same.
 * The text is formatted once per second (it was 3 % of a create's CPU time).
 */
export function rfc3339Now(now: Date = new Date()): string {
  const second = Math.floor(now.getTime() / 1000);
  if (second !== lastSecond) {
    lastText = rfc3339(now);
    lastSecond = second;
  }
  return lastText;
}
