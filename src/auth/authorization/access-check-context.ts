import { createContextKey } from "@connectrpc/connect";
import type { AccessAttributes } from "./access-attributes.js";

/**
 * Reviews one more access for the current caller; resolves true when allowed. Handlers use it for
 * the table's `handlerChecks` and `per-object` entries (same path, same cache as the interceptor).
 */
export type AccessCheckFn = (attributes: AccessAttributes) => Promise<boolean>;

/**
 * Context value set by the authorization interceptor for authenticated calls. The default denies
 * everything, so a handler reached without the interceptor fails closed.
 */
export const accessCheckKey = createContextKey<AccessCheckFn>(async () => false, {
  description: "access review for the current caller",
});
