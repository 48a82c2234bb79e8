/**
 * RFC 3339 with second precision, UTC with "Z" ("2026-11-23T15:45:24Z"), as Kubernetes serializes
 * metav1.Time: the sub-second part is dropped, not rounded.
 */
export function rfc3339(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/u, "Z");
}

/**
 * RFC 3339 in UTC keeping milliseconds, but none on a whole second ("2026-11-23T15:45:24.120Z",
 * "2026-11-23T15:45:24Z"): for times that are not metav1.Time (an image's creation, a promotion
 * window's next change, an expression's time value), which may carry sub-second precision.
 */
export function rfc3339Millis(date: Date): string {
  return date.toISOString().replace(/\.000Z$/u, "Z");
}
