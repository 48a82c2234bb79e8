import { connect, type ClientHttp2Session, type ClientHttp2Stream } from "node:http2";
import { fromBinary, toBinary, create } from "@bufbuild/protobuf";
import { WatchPromotionsRequestSchema, WatchPromotionsResponseSchema } from "../../gen/kargo/api/v1/promotion_service_pb.js";
import { WatchEventType } from "../../gen/kargo/api/v1/watch_pb.js";
import { epochMs } from "./stats.js";

/** What {@link openRawWatchStreams} reports for each stream. */
export interface RawWatchHandlers {
  /** The stream has had its first BOOKMARK (its snapshot is done). */
  onSynced(): void;
  /** A live message carrying `mark` arrived at `at` (epoch ms). */
  onMark(mark: string, at: number): void;
  /** The stream ended or failed while open. */
  onFailure(reason: string): void;
}

/** Open raw streams; `close` cancels every stream and session. */
export interface RawWatchStreams {
  close(): void;
}

const ENVELOPE_HEADER = 5;
const END_STREAM_FLAG = 0x02;

/**
 * `count` WatchPromotions streams of `project` in the Connect protocol (binary, HTTP/2 cleartext,
 * `perConnection` streams per session), read as raw envelopes: the snapshot's messages are decoded
 * until the first BOOKMARK; after it, a live message is only searched for `markPrefix` and the
 * mark taken from its bytes, never decoded. The load generator is the measuring instrument of
 * scenario 3: with connect-es clients it spent 100–140 µs per delivery decoding 10,000 streams in
 * one process, more than the server it measured (bench/README.md, "Watch fan-out").
 */
export async function openRawWatchStreams(
  baseUrl: string,
  token: string,
  project: string,
  count: number,
  perConnection: number,
  markPrefix: string,
  handlers: RawWatchHandlers,
): Promise<RawWatchStreams> {
  const request = envelope(toBinary(WatchPromotionsRequestSchema, create(WatchPromotionsRequestSchema, { project })));
  const prefix = Buffer.from(markPrefix, "latin1");
  const sessions: ClientHttp2Session[] = [];
  const streams: ClientHttp2Stream[] = [];
  let closing = false;
  for (let opened = 0; opened < count; opened += perConnection) {
    const session = connect(baseUrl);
    sessions.push(session);
    session.on("error", (e) => closing || handlers.onFailure(`session: ${String(e)}`));
    // Node holds streams above the peer's limit back until its SETTINGS arrive (100 until then).
    await new Promise<void>((resolve, reject) => {
      session.once("remoteSettings", () => resolve());
      session.once("error", reject);
    });
    for (let i = opened; i < Math.min(count, opened + perConnection); i++) {
      const stream = session.request({
        ":method": "POST",
        ":path": "/kargo.api.v1.PromotionService/WatchPromotions",
        "content-type": "application/connect+proto",
        "connect-protocol-version": "1",
        authorization: `Bearer ${token}`,
      });
      streams.push(stream);
      readEnvelopes(stream, prefix, handlers, () => closing);
      stream.end(request);
    }
  }
  return {
    close() {
      closing = true;
      for (const stream of streams) stream.close();
      for (const session of sessions) session.close();
    },
  };
}

function envelope(message: Uint8Array): Buffer {
  const framed = Buffer.alloc(ENVELOPE_HEADER + message.length);
  framed.writeUInt32BE(message.length, 1);
  framed.set(message, ENVELOPE_HEADER);
  return framed;
}

function readEnvelopes(stream: ClientHttp2Stream, prefix: Buffer, handlers: RawWatchHandlers, closing: () => boolean): void {
  let pending: Buffer = Buffer.alloc(0);
  let synced = false;
  let ended = false;
  const fail = (reason: string) => {
    if (ended || closing()) return;
    ended = true;
    handlers.onFailure(reason);
  };
  stream.on("response", (headers) => {
    if (headers[":status"] !== 200) fail(`HTTP ${headers[":status"]}`);
  });
  stream.on("data", (chunk: Buffer) => {
    const at = epochMs();
    pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
    let offset = 0;
    while (pending.length - offset >= ENVELOPE_HEADER) {
      const length = pending.readUInt32BE(offset + 1);
      if (pending.length - offset - ENVELOPE_HEADER < length) break;
      const flags = pending[offset]!;
      const message = pending.subarray(offset + ENVELOPE_HEADER, offset + ENVELOPE_HEADER + length);
      offset += ENVELOPE_HEADER + length;
      if (flags & END_STREAM_FLAG) {
        fail(`ended: ${message.toString("utf8").slice(0, 200)}`);
        continue;
      }
      if (!synced) {
        if (fromBinary(WatchPromotionsResponseSchema, message).type === WatchEventType.BOOKMARK) {
          synced = true;
          handlers.onSynced();
        }
        continue;
      }
      const start = message.indexOf(prefix);
      // The mark is a whole string field (status.message) shorter than 128 bytes: the byte before
      // it is its length.
      if (start > 0) handlers.onMark(message.toString("latin1", start, start + message[start - 1]!), at);
    }
    pending = offset === pending.length ? Buffer.alloc(0) : pending.subarray(offset);
  });
  stream.on("end", () => fail("stream ended"));
  stream.on("error", (e) => fail(String(e)));
}
