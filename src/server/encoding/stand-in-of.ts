import { create, type DescMessage, type Message } from "@bufbuild/protobuf";
import { BinaryReader } from "@bufbuild/protobuf/wire";

/**
 * A message of `schema` whose protobuf binary encoding is exactly `bytes` (a valid encoding of a
 * `schema` message), so that connect-es, which serialises every response itself with `toBinary`,
 * sends bytes assembled elsewhere without encoding anything again.
 *
 * How: protobuf-es keeps fields it does not know in `$unknown` and `toBinary` writes them back
 * verbatim, as tag + raw bytes, after the known ones (`writeUnknownFields` is on by default and the
 * server never turns it off). The stand-in has no known field set and one such record: the first
 * tag of `bytes` and everything after it. Its JSON form is empty: binary responses only (see
 * usesBinaryFormat).
 */
export function standInOf(schema: DescMessage, bytes: Uint8Array): Message {
  const standIn = create(schema) as Message;
  if (bytes.byteLength > 0) {
    const reader = new BinaryReader(bytes);
    const [no, wireType] = reader.tag();
    standIn.$unknown = [{ no, wireType, data: bytes.subarray(reader.pos) }];
  }
  return standIn;
}
