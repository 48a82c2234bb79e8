import { Code, ConnectError } from "@connectrpc/connect";
import { describeAccess, type AccessAttributes } from "../../auth/authorization/access-attributes.js";
import type { AccessCheckFn } from "../../auth/authorization/access-check-context.js";

/**
 * The one loop behind every escalation check: each access is one review as the caller, through the
 * same access check (and cache) as every other operation, in order. PERMISSION_DENIED names the
 * first access the caller lacks, after `what` ("role \"x\"") when given; a review that cannot be
 * made rejects, which fails closed.
 */
export async function assertAccessesHeld(check: AccessCheckFn, accesses: Iterable<AccessAttributes>, what?: string): Promise<void> {
  for (const access of accesses) {
    if (!(await check(access))) {
      const prefix = what ? `${what}: ` : "";
      throw new ConnectError(`${prefix}requester may not grant permissions it does not hold: ${describeAccess(access)}`, Code.PermissionDenied);
    }
  }
}
