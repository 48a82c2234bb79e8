import { create, toBinary, type DescMessage, type Message } from "@bufbuild/protobuf";
import { BinaryReader } from "@bufbuild/protobuf/wire";
import { isSharedMessage } from "../../kube/index.js";

/**
 * Stand-ins of shared messages, per message. A shared message (src/kube/to-message.ts) is one
 * resourceVersion of one object, read-only and the same for every caller, so its encoding never
 * changes: it is computed once, on first use, and every later response holding the message (a List
 * page, each of N watch streams) writes those bytes instead of encoding the object again. Weak, so
 * the bytes leave with the object's version — the Kubernetes watch cache's `cachingObject` idea.
 */
const standIns = new WeakMap<Message, Message>();

/**
 * A message of `schema` whose protobuf binary encoding is exactly `toBinary(schema, message)`, made
 * from the cached bytes; undefined when `message` is not shared (made for one caller: never cached).
 *
 * How: protobuf-es writes a message's unknown fields (`$unknown`, kept verbatim) after its known
 * ones, each as tag + raw bytes (`writeUnknownFields` is on by default, and the server never turns it
 * off). The stand-in has no known field set and one "unknown" record: the first tag of the encoding
 * and everything after it, so it writes the cached encoding byte for byte. Its JSON form is empty:
 * it is for the binary format only (see usesBinaryFormat).
 */
export function preEncodedMessage(schema: DescMessage, message: Message): Message | undefined {
  if (message.$typeName !== schema.typeName || !isSharedMessage(message)) return undefined;
  let standIn = standIns.get(message);
  if (standIn === undefined) {
    standIn = create(schema) as Message;
    const bytes = toBinary(schema, message);
    if (bytes.byteLength > 0) {
      const reader = new BinaryReader(bytes);
      const [no, wireType] = reader.tag();
      standIn.$unknown = [{ no, wireType, data: bytes.subarray(reader.pos) }];
    }
    standIns.set(message, Object.freeze(standIn));
  }
  return standIn;
}
