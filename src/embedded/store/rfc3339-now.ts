/**
 * The current time as Kubernetes writes metav1.Time: RFC 3339, whole seconds, UTC with "Z"
 * (e.g. "2026-11-23T15:45:24Z"). Kubernetes truncates to seconds on the wire, so we store the same.
 */
export function rfc3339Now(now: Date = new Date()): string {
  return now.toISOString().replace(/\.\d{3}Z$/, "Z");
}
