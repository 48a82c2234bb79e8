import { toBinary, toJsonString, type DescMessage, type Message } from "@bufbuild/protobuf";
import { encodeEnvelope, envelopeCompress, type Compression } from "@connectrpc/connect/protocol";
import { eventKey } from "./event-key.js";
import { splicedJson } from "./spliced-json.js";
import { withCachedEncodings } from "./with-cached-encodings.js";

/** How a stream's messages are framed: the codec, and the response compression negotiated (if any). */
export interface FrameFormat {
  readonly binary: boolean;
  readonly compression: Compression | null;
  /** Smaller messages are sent uncompressed (connect-es's compressMinBytes). */
  readonly compressMinBytes: number;
}

/**
 * One streamed response message as the bytes of its envelope (flags, 4-byte big-endian length,
 * message; compressed when connect-es would compress it): what connect-es writes for a message of
 * a Connect, gRPC or gRPC-Web stream, which all share this framing.
 *
 * A watch event's response (eventKey: one shared object plus scalars) is framed once per codec
 * and compression and the frame shared by every stream it reaches (issue 18: watch fan-out), the
 * way cached-encoding.ts shares an object's encoding; the message itself is encoded as connect-es
 * would (binary: toBinary of withCachedEncodings' stand-in; JSON: the spliced toJsonString). A
 * compressed frame is a promise until compression is done (connect-es's compressors are async).
 */
export function messageFrame(schema: DescMessage, message: Message, format: FrameFormat): Uint8Array | Promise<Uint8Array> {
  const event = eventKey(schema, message);
  if (event === undefined) return frameOf(schema, message, format);
  const key = `${format.binary ? "b" : "j"}${format.compression?.name ?? ""}\0${event.key}`;
  let byKey = frames.get(event.shared);
  const known = byKey?.get(key);
  if (known !== undefined) return known;
  if (byKey === undefined) frames.set(event.shared, (byKey = new Map()));
  const frame = frameOf(schema, message, format);
  byKey.set(key, frame);
  if (frame instanceof Promise) void frame.then((bytes) => byKey.set(key, bytes)).catch(() => byKey.delete(key));
  return frame;
}

/**
 * Frames of event responses, per shared message and codec + compression + event key. Weak, so
 * they leave with the object's version; a version has few (its ADDED and MODIFIED events, a
 * DELETED, per codec in use).
 */
const frames = new WeakMap<Message, Map<string, Uint8Array | Promise<Uint8Array>>>();

function frameOf(schema: DescMessage, message: Message, format: FrameFormat): Uint8Array | Promise<Uint8Array> {
  const data = format.binary ? toBinary(schema, withCachedEncodings(schema, message)) : (splicedJson(schema, message) ?? utf8(toJsonString(schema, message)));
  if (format.compression === null || data.byteLength < format.compressMinBytes) return encodeEnvelope(0, data);
  return envelopeCompress({ flags: 0, data }, format.compression, format.compressMinBytes).then((e) => encodeEnvelope(e.flags, e.data));
}

function utf8(text: string): Uint8Array {
  return Buffer.from(text, "utf8");
}
