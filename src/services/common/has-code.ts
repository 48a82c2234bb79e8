import { ConnectError, type Code } from "@connectrpc/connect";

/** True when `error` is a ConnectError with `code`. */
export function hasCode(error: unknown, code: Code): boolean {
  return error instanceof ConnectError && error.code === code;
}
