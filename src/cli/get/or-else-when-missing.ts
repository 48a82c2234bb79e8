import { Code, ConnectError } from "@connectrpc/connect";

/**
 * Runs `first`; when it fails with NOT_FOUND, runs `second` instead (a name, else an alias; repository,
 * else generic credentials). When `second` fails too, the first error is the one reported.
 */
export async function orElseWhenMissing<A, B>(first: () => Promise<A>, second: () => Promise<B>): Promise<A | B> {
  try {
    return await first();
  } catch (e) {
    if (ConnectError.from(e).code !== Code.NotFound) throw e;
    try {
      return await second();
    } catch {
      throw e;
    }
  }
}
