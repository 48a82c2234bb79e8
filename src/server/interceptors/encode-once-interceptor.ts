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

async function* encodeEach<T extends Message>(schema: DescMessage, messages: AsyncIterable<T>): AsyncIterable<T> {
  for await (const message of messages) yield withCachedEncodings(schema, message) as T;
}
