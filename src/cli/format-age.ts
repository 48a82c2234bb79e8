import type { Timestamp } from "@bufbuild/protobuf/wkt";

/** Age of a timestamp as kubectl shows it ("45s", "3m", "2h", "5d"); "" when unset. */
export function formatAge(time: Timestamp | undefined, now = Date.now()): string {
  if (!time) return "";
  const seconds = Math.max(0, Math.floor((now - Number(time.seconds) * 1000) / 1000));
  if (seconds < 120) return `${seconds}s`;
  if (seconds < 7200) return `${Math.floor(seconds / 60)}m`;
  if (seconds < 172800) return `${Math.floor(seconds / 3600)}h`;
  return `${Math.floor(seconds / 86400)}d`;
}
