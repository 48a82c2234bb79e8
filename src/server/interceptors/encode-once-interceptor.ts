import { create, type DescMessage, type Message } from "@bufbuild/protobuf";
import type { Interceptor } from "@connectrpc/connect";
import { binaryFormatKey } from "../context/binary-format-key.js";
import { splicedJsonKey } from "../context/spliced-json-key.js";
import { splicedJson } from "../encoding/spliced-json.js";
import { usesBinaryFormat } from "../encoding/uses-binary-format.js";
import { withCachedEncodings } from "../encoding/with-cached-encodings.js";
import { wrapStream } from "../wrap-stream.js";

/**
 * Serve bytes, not objects (issue 18): for a response in protobuf binary, every shared message in
 * it (one cached object version, src/kube/to-message.ts) is swapped for a stand-in that writes that
 * object's cached encoding, so connect-es's own `toBinary` of the response copies bytes instead of
 * encoding each object again — once per List page and once per watch stream before. The bytes on
 * the wire are exactly those of the original message (test/server/encode-once.test.ts checks every
 * list and watch RPC on every transport).
 *
 * A Connect unary JSON response (a List over Connect JSON) is spliced the same way from each shared
 * message's cached JSON (spliced-json.ts). connect-es has no hook for pre-encoded JSON either, and
 * JSON has no unknown-field escape hatch, so the spliced body goes to the HTTP layer through the
 * call's SplicedJsonSlot (set only where that layer will use it) and connect-es is handed an empty
 * message, whose "{}" the HTTP layer replaces. Streamed JSON (watches) is left as it is.
 *
 * Outermost in the chain, so every other interceptor sees the handler's real message. Messages
 * made for one caller (redacted Secrets, filtered views) are never shared, so never cached.
 */
export function createEncodeOnceInterceptor(): Interceptor {
  return (next) => async (req) => {
    const res = await next(req);
    const slot = req.contextValues.get(splicedJsonKey);
    if (slot !== undefined && !res.stream) {
      const body = splicedJson(res.method.output, res.message);
      if (body === undefined) return res;
      slot.body = body;
      return { ...res, message: create(res.method.output) as typeof res.message };
    }
    // Decided by the HTTP layer when the call came through it; else from the request's headers.
    if (!(req.contextValues.get(binaryFormatKey) ?? usesBinaryFormat(req.header.get("content-type"), req.requestMethod, req.url))) return res;
    const schema = res.method.output;
    if (!res.stream) return { ...res, message: withCachedEncodings(schema, res.message) as typeof res.message };
    return { ...res, message: encodeEach(schema, res.message) };
  };
}

/** Each streamed message through withCachedEncodings (a plain wrapper: one lives per open stream). */
function encodeEach<T extends Message>(schema: DescMessage, messages: AsyncIterable<T>): AsyncIterable<T> {
  return wrapStream(messages, { message: (m) => withCachedEncodings(schema, m) as T });
}
