import { type Code, ConnectError } from "@connectrpc/connect";

/** The Connect code a call ends with: Code.* on failure, "OK" on success. */
export async function codeOf(call: Promise<unknown> | (() => Promise<unknown>)): Promise<Code | "OK"> {
  try {
    await (typeof call === "function" ? call() : call);
    return "OK";
  } catch (error) {
    return ConnectError.from(error).code;
  }
}

/** Reads a server stream to its end (or first error) so its code can be checked. */
export async function drain(stream: AsyncIterable<unknown>): Promise<void> {
  for await (const _ of stream) {
    // Only the outcome matters.
  }
}
