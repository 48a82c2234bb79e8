import type { DescMessage, Message } from "@bufbuild/protobuf";
import type { Interceptor } from "@connectrpc/connect";
import { usesBinaryFormat } from "../encoding/uses-binary-format.js";
import { withCachedEncodings } from "../encoding/with-cached-encodings.js";

/**
 * Serve bytes, not objects (issue 18): for a response in protobuf binary, every shared message in
 * it (one cached object version, src/kube/to-message.ts) is swapped for a stand-in that writes that
 * object's cached encoding, so connect-es's own `toBinary` of the response copies bytes instead of
 * encoding each object again — once per List page and once per watch stream before. The bytes on
 * the wire are exactly those of the original message (test/server/encode-once.test.ts checks every
 * list and watch RPC on every transport). JSON responses are left as they are.
 *
 * Outermost in the chain, so every other interceptor sees the handler's real message. Messages
 * made for one caller (redacted Secrets, filtered views) are never shared, so never cached.
 */
export function createEncodeOnceInterceptor(): Interceptor {
  return (next) => async (req) => {
    const res = await next(req);
    if (!usesBinaryFormat(req.header.get("content-type"), req.requestMethod, req.url)) return res;
    const schema = res.method.output;
    if (!res.stream) return { ...res, message: withCachedEncodings(schema, res.message) as typeof res.message };
    return { ...res, message: encodeEach(schema, res.message) };
  };
}

/**
 * Each streamed message through withCachedEncodings. A plain iterator rather than an async
 * generator: one of these lives per open watch stream, so it is kept to one small object.
 */
function encodeEach<T extends Message>(schema: DescMessage, messages: AsyncIterable<T>): AsyncIterable<T> {
  return {
    [Symbol.asyncIterator]() {
      const it = messages[Symbol.asyncIterator]();
      const encode = (r: IteratorResult<T>): IteratorResult<T> => (r.done === true ? r : { done: false, value: withCachedEncodings(schema, r.value) as T });
      return {
        next: () => it.next().then(encode),
        return: (value?: unknown) => (it.return !== undefined ? it.return(value) : Promise.resolve({ done: true as const, value: undefined })),
        throw: (error?: unknown) => (it.throw !== undefined ? it.throw(error) : Promise.reject(error)),
      };
    },
  };
}
