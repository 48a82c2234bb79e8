import type { DescMessage, Message } from "@bufbuild/protobuf";
import { Code, ConnectError } from "@connectrpc/connect";
import { createDeadlineSignal, encodeEnvelope, envelopeCompress } from "@connectrpc/connect/protocol";
import { endStreamFlag, type createEndStreamSerialization } from "@connectrpc/connect/protocol-connect";
import { grpcStatusOk, headerGrpcStatus, setTrailerStatus } from "@connectrpc/connect/protocol-grpc";
import { trailerFlag, trailerSerialize } from "@connectrpc/connect/protocol-grpc-web";
import type { CallEnd, LiveWatch, WatchHandOff } from "../../kube/index.js";
import { messageFrame, type FrameFormat } from "../encoding/message-frame.js";
import { abortedByClient } from "../interceptors/observe-call.js";
import type { ServerResponse } from "./node-types.js";

/** The wire protocol of a stream: how it ends (end-of-stream message, trailers, trailer frame). */
export type StreamProtocol = "connect" | "grpc" | "grpc-web";

/** Everything about how one kind of stream is written, shared by all streams of that kind. */
export interface DirectStreamFormat extends FrameFormat {
  readonly protocol: StreamProtocol;
  /** The RPC's response message. */
  readonly schema: DescMessage;
  /** Connect's end-of-stream message, serialised as connect-es does with the router's JSON options. */
  readonly endStream: ReturnType<typeof createEndStreamSerialization>;
}

/**
 * A server stream the HTTP layer may serve itself once its handler hands the established watch
 * over (WatchHandOff, issue 18: watch fan-out). Until then it is idle and connect-es serves the
 * call as usual: authentication, validation, the snapshot and its BOOKMARK. After the hand-off
 * the handler's iterator ends, connect-es's per-call pipeline finishes (its end of stream is
 * dropped, see handedOffBody) and this object alone writes to the response: each event's shared
 * frame (messageFrame), then the end of the stream in the protocol's own form, made by connect-es's
 * own helpers — so the bytes are those connect-es would have written.
 *
 * What it keeps per stream: the response, the live watch, the format, a few fields. It does what
 * the pipeline did for a live stream: the watch's bounded buffer (events are taken only while the
 * response accepts writes, as connect-node's writer awaits `drain`; a consumer further behind fails
 * the watch with RESOURCE_EXHAUSTED), the deadline (DEADLINE_EXCEEDED), shutdown and a client that
 * leaves (the request's signal), and the observers' end of call (logging, metrics: deferEnd).
 */
export class DirectWatchStream implements WatchHandOff {
  private live: LiveWatch | undefined;
  private timeoutMs: number | undefined;
  private ends: CallEnd[] | undefined;
  private over = false;
  /** A write waits for `drain`, or a frame for its compression: nothing is taken meanwhile. */
  private waiting = false;
  private pumping = false;
  private deadline: ReturnType<typeof createDeadlineSignal> | undefined;
  private trailer: Headers | undefined;
  private settle: ((end: IteratorResult<Uint8Array>) => void) | undefined;
  private fail: ((error: unknown) => void) | undefined;
  private readonly ready = () => this.pump();

  constructor(
    private readonly res: ServerResponse,
    private readonly format: DirectStreamFormat,
    /** The request's signal: the client left, or shutdown began. */
    private readonly signal: AbortSignal,
  ) {}

  accept(live: LiveWatch, timeoutMs: number | undefined): boolean {
    if (this.live !== undefined) return false;
    this.live = live;
    this.timeoutMs = timeoutMs;
    return true;
  }

  deferEnd(onEnd: CallEnd): boolean {
    if (this.live === undefined || this.over) return false;
    (this.ends ??= []).push(onEnd);
    return true;
  }

  /** True once the handler has handed its watch over. */
  get handedOff(): boolean {
    return this.live !== undefined;
  }

  /**
   * Serves the live watch until the stream ends; resolves with what is left to write for the
   * response to end as connect-es would end it: the end-of-stream envelope (Connect) or trailer
   * frame (gRPC-Web), or nothing, `trailer` (gRPC, written by the caller) then holding the status.
   */
  run(trailer: Headers | undefined): Promise<IteratorResult<Uint8Array>> {
    this.trailer = trailer;
    const end = new Promise<IteratorResult<Uint8Array>>((resolve, reject) => {
      this.settle = resolve;
      this.fail = reject;
    });
    if (this.signal.aborted) {
      this.handleEvent();
      return end;
    }
    this.signal.addEventListener("abort", this);
    if (this.timeoutMs !== undefined) {
      this.deadline = createDeadlineSignal(this.timeoutMs);
      this.deadline.signal.addEventListener("abort", this);
      if (this.deadline.signal.aborted) this.handleEvent();
    }
    this.live?.listen(this.ready);
    this.pump();
    return end;
  }

  /**
   * The hand-off is not completed (connect-es ended the call some other way after the handler
   * handed its watch over): the watch is closed and the deferred observers told.
   */
  abandon(): void {
    if (this.over) return;
    this.over = true;
    this.live?.close();
    this.tellEnds(undefined, true);
  }

  /** An abort (an EventListener object, so a stream holds no closure for it): client gone, shutdown or deadline. */
  handleEvent(): void {
    const fromRequest = this.signal.aborted;
    const reason: unknown = fromRequest ? this.signal.reason : this.deadline?.signal.reason;
    this.finish(ConnectError.from(reason), fromRequest && abortedByClient(this.signal));
  }

  private pump(): void {
    // Not re-entered: taking can wake it again (a failing subscription closes itself, and closing
    // wakes its listener), and the loop below takes until nothing is left anyway.
    if (this.pumping) return;
    this.pumping = true;
    try {
      this.pumpNow();
    } finally {
      this.pumping = false;
    }
  }

  private pumpNow(): void {
    while (!this.over && !this.waiting) {
      // Gone: its close aborts the request's signal, which ends the stream (handleEvent).
      if (isGone(this.res)) return;
      let frame: Uint8Array | Promise<Uint8Array>;
      try {
        const next = this.live!.take();
        if (next === undefined) return;
        if (next.done === true) return this.finish(undefined, false);
        frame = messageFrame(this.format.schema, next.value as Message, this.format);
      } catch (error) {
        return this.finish(error instanceof ConnectError ? error : new ConnectError("internal error", Code.Internal, undefined, undefined, error), false);
      }
      if (frame instanceof Promise) {
        this.waiting = true;
        frame.then(
          (bytes) => {
            this.waiting = false;
            if (this.over) return;
            this.write(bytes);
            this.pump();
          },
          (error: unknown) => this.finish(new ConnectError("internal error", Code.Internal, undefined, undefined, error), false),
        );
        return;
      }
      this.write(frame);
    }
  }

  private write(frame: Uint8Array): void {
    if (this.res.write(frame)) return;
    this.waiting = true;
    this.res.once("drain", () => {
      this.waiting = false;
      this.pump();
    });
  }

  private finish(error: ConnectError | undefined, clientLeft: boolean): void {
    if (this.over) return;
    this.over = true;
    this.signal.removeEventListener("abort", this);
    if (this.deadline !== undefined) {
      this.deadline.signal.removeEventListener("abort", this);
      this.deadline.cleanup();
      this.deadline = undefined;
    }
    this.live?.close();
    this.live = undefined;
    this.tellEnds(error, clientLeft);
    this.endOfStream(error).then(this.settle, this.fail);
  }

  private tellEnds(error: ConnectError | undefined, clientLeft: boolean): void {
    const ends = this.ends;
    this.ends = undefined;
    for (const end of ends ?? []) end(error, clientLeft);
  }

  /** The end of the stream as connect-es writes it (transformCatchFinally of each protocol's handler). */
  private async endOfStream(error: ConnectError | undefined): Promise<IteratorResult<Uint8Array>> {
    const { protocol, compression, compressMinBytes } = this.format;
    if (protocol === "grpc") {
      if (error !== undefined && this.trailer !== undefined) setTrailerStatus(this.trailer, error);
      return { done: true, value: undefined };
    }
    let end: { flags: number; data: Uint8Array };
    if (protocol === "connect") {
      end = { flags: endStreamFlag, data: this.format.endStream.serialize({ metadata: new Headers(), error }) };
    } else {
      const trailer = new Headers({ [headerGrpcStatus]: grpcStatusOk });
      if (error !== undefined) setTrailerStatus(trailer, error);
      end = { flags: trailerFlag, data: trailerSerialize(trailer) };
    }
    const compressed = await envelopeCompress(end, compression, compressMinBytes);
    return { done: false, value: encodeEnvelope(compressed.flags, compressed.data) };
  }
}

/**
 * connect-es's response body for a stream that may be handed off: its bytes unchanged until the
 * handler hands its watch over; then connect-es's end of the stream (its end-of-stream envelope,
 * trailer frame or, gRPC, the body's end with trailers "0") is dropped, connect-es's pipeline is let
 * go, and the body stays open until the DirectWatchStream ends, giving the real end last. The
 * writer (connect-node's universalResponseToNodeResponse) then writes it and ends the response as
 * for any stream.
 */
export function handedOffBody(body: AsyncIterable<Uint8Array>, stream: DirectWatchStream, trailer: Headers | undefined): AsyncIterableIterator<Uint8Array> {
  return new HandedOffBody(body[Symbol.asyncIterator](), stream, trailer);
}

class HandedOffBody implements AsyncIterableIterator<Uint8Array> {
  constructor(
    private it: AsyncIterator<Uint8Array> | undefined,
    private readonly stream: DirectWatchStream,
    private readonly trailer: Headers | undefined,
  ) {}

  [Symbol.asyncIterator](): this {
    return this;
  }

  async next(): Promise<IteratorResult<Uint8Array>> {
    const it = this.it;
    if (it === undefined) return { done: true, value: undefined };
    const r = await it.next();
    if (!this.stream.handedOff) return r;
    if (r.done === true ? this.trailer?.get(headerGrpcStatus) !== grpcStatusOk : !isSuccessfulEnd(r.value)) {
      // connect-es ended the call with an error after all: it stands.
      this.stream.abandon();
      return r;
    }
    if (r.done !== true) while ((await it.next()).done !== true);
    this.it = undefined;
    return this.stream.run(this.trailer);
  }

  async return(value?: unknown): Promise<IteratorResult<Uint8Array>> {
    const it = this.it;
    this.it = undefined;
    if (it !== undefined) await it.return?.(value);
    this.stream.abandon();
    return { done: true, value: undefined };
  }

  async throw(error?: unknown): Promise<IteratorResult<Uint8Array>> {
    const it = this.it;
    this.it = undefined;
    this.stream.abandon();
    if (it?.throw !== undefined) return it.throw(error);
    throw error;
  }
}

const textDecoder = new TextDecoder();

/** The response can take no more writes: ended, or its HTTP/1.1 socket or HTTP/2 stream destroyed (the compat response has no `destroyed` of its own). */
function isGone(res: ServerResponse): boolean {
  return res.writableEnded || ("stream" in res ? res.stream.destroyed : res.destroyed);
}

/** A Connect end-of-stream envelope without an error, or a gRPC-Web trailer frame with status 0. */
function isSuccessfulEnd(chunk: Uint8Array): boolean {
  if (chunk.byteLength < 5) return false;
  const text = textDecoder.decode(chunk.subarray(5));
  if (chunk[0] === endStreamFlag) {
    try {
      return (JSON.parse(text) as { error?: unknown }).error === undefined;
    } catch {
      return false;
    }
  }
  return chunk[0] === trailerFlag && /^grpc-status: ?0\r?$/m.test(text);
}
