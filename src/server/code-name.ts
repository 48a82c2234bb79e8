import { Code } from "@connectrpc/connect";

/**
 * The Connect wire name of a code ("invalid_argument"), or "ok" for
 * success: the one spelling used in logs and metric labels.
 */
export function codeName(code: Code | undefined): string {
  if (code === undefined) {
    return "ok";
  }
  return (Code[code] ?? "unknown").replace(/([a-z])([A-Z])/g, "$1_$2").toLowerCase();
}
