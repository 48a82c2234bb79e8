import { ApiException } from "@kubernetes/client-node";

/**
 * The HTTP status a client-node call failed with, or undefined when it succeeded; other errors
 * (network, bugs) are rethrown so a test never mistakes them for an API answer.
 */
export async function statusCodeOf(call: Promise<unknown>): Promise<number | undefined> {
  try {
    await call;
    return undefined;
  } catch (error) {
    if (error instanceof ApiException) return error.code;
    throw error;
  }
}
