import type { StreamResponse, UnaryRequest, StreamRequest, UnaryResponse } from "@connectrpc/connect";

/**
 * Runs `next` and calls `onEnd` exactly once when the call is over: for
 * unary calls when the response or error is there, for streaming calls when
 * the response stream has ended, failed or was abandoned by the client
 * (`abandoned` true). Lets logging and metrics treat both kinds alike.
 */
export async function observeCall(
  next: (req: UnaryRequest | StreamRequest) => Promise<UnaryResponse | StreamResponse>,
  req: UnaryRequest | StreamRequest,
  onEnd: (error: unknown, abandoned: boolean) => void,
): Promise<UnaryResponse | StreamResponse> {
  let res: UnaryResponse | StreamResponse;
  try {
    res = await next(req);
  } catch (e) {
    onEnd(e, false);
    throw e;
  }
  if (!res.stream) {
    onEnd(undefined, false);
    return res;
  }
  return { ...res, message: observeStream(res.message, onEnd) };
}

async function* observeStream<T>(messages: AsyncIterable<T>, onEnd: (error: unknown, abandoned: boolean) => void): AsyncIterable<T> {
  let ended = false;
  try {
    yield* messages;
    ended = true;
    onEnd(undefined, false);
  } catch (e) {
    ended = true;
    onEnd(e, false);
    throw e;
  } finally {
    if (!ended) {
      // The consumer stopped iterating: the client went away.
      onEnd(undefined, true);
    }
  }
}
