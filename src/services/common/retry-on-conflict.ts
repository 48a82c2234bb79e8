import { Code } from "@connectrpc/connect";
import { hasCode } from "./has-code.js";

/** How many times a write the caller did not pin to a version is tried before ABORTED reaches them. */
const CONFLICT_ATTEMPTS = 5;

/**
 * Runs `write` again (up to 5 times in all) while it fails with ABORTED: for a write whose caller
 * named no resourceVersion, "change what is stored now" is the intent, so an unrelated write in
 * between (a controller updating status moves the resourceVersion) is no conflict of theirs. Each
 * attempt must read afresh and decide again (uniqueness checks included); `attempt` counts from 1.
 * Other errors, and ABORTED after the last attempt, are thrown as they are.
 */
export async function retryOnConflict<T>(write: (attempt: number) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await write(attempt);
    } catch (error) {
      if (attempt >= CONFLICT_ATTEMPTS || !hasCode(error, Code.Aborted)) throw error;
    }
  }
}
