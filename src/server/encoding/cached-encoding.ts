import { toBinary, type DescMessage, type Message } from "@bufbuild/protobuf";
import { isSharedMessage } from "../../kube/index.js";

/**
 * Encodings of shared messages, per message. A shared message (src/kube/to-message.ts) is one
 * resourceVersion of one object, read-only and the same for every caller, so its encoding never
 * changes: it is computed once, on first use, and every later binary response holding the message
 * (a List page, each of N watch streams) copies those bytes instead of encoding the object again.
 * Weak, so the bytes leave with the object's version — the Kubernetes watch cache's
 * `cachingObject` idea.
 */
const encodings = new WeakMap<Message, Uint8Array>();

/**
 * `toBinary(schema, message)` from the cache when `message` is shared; undefined when it is not
 * (a message made for one caller — redacted, filtered, cloned — is never cached).
 */
export function cachedEncoding(schema: DescMessage, message: Message): Uint8Array | undefined {
  if (!isSharedMessage(message)) return undefined;
  let bytes = encodings.get(message);
  if (bytes === undefined) {
    bytes = toBinary(schema, message);
    encodings.set(message, bytes);
  }
  return bytes;
}
