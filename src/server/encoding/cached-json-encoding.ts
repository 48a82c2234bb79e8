import { toJsonString, type DescMessage, type Message } from "@bufbuild/protobuf";
import { isSharedMessage } from "../../kube/index.js";

/**
 * Canonical JSON encodings (UTF-8) of shared messages, per message: the JSON twin of
 * cached-encoding.ts. A shared message (src/kube/to-message.ts) is one resourceVersion of one
 * object, read-only and the same for every caller, so its JSON never changes: computed once, on
 * first use, then copied into every Connect JSON List response holding it. Weak, so the text leaves
 * with the object's version.
 *
 * Written with protobuf-es's default JSON write options, which are the server's: connect-es is
 * given none (src/server/http/create-rpc-handler.ts sets read options only).
 */
const encodings = new WeakMap<Message, Uint8Array>();

/**
 * UTF-8 of `toJsonString(schema, message)` from the cache when `message` is shared; undefined when
 * it is not (a message made for one caller — redacted, filtered, cloned — is never cached).
 */
export function cachedJsonEncoding(schema: DescMessage, message: Message): Uint8Array | undefined {
  if (!isSharedMessage(message)) return undefined;
  let bytes = encodings.get(message);
  if (bytes === undefined) {
    bytes = Buffer.from(toJsonString(schema, message), "utf8");
    encodings.set(message, bytes);
  }
  return bytes;
}
