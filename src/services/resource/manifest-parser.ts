import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import { Code, ConnectError } from "@connectrpc/connect";
import { formatDuration } from "../../config/parse-duration.js";
import type { ManifestLimits } from "./manifest-limits.js";
import { parseManifest, type ManifestDocument } from "./parse-manifest.js";
import type { ParseAnswer, ParseRequest } from "./parse-manifest-worker.js";

/**
 * Manifests up to this size are read on the calling thread; larger ones in a worker. Measured on
 * the 2-core build machine under load (median of 5, one YAML map, warm worker): 4 KiB read in 9 ms
 * on the event loop against 59 ms through a worker (the copy in, the structured clone out, the
 * message round trip); 16 KiB about even (113 ms / 108 ms); 64 KiB 406 ms against 265 ms, with
 * the event loop held up to 82 ms at a time. So from 16 KiB on the worker is no slower and
 * spares every other caller; below it the event loop is quicker and its pauses are short.
 */
export const INLINE_MAX_BYTES = 16 * 1024;

/** Options of {@link createManifestParser}. */
export interface ManifestParserOptions {
  /** Most worker threads at once (MANIFEST_PARSE_WORKERS); further manifests wait for one. */
  readonly workers: number;
  /** Heap of each worker in MiB (MANIFEST_PARSE_MEMORY): a manifest needing more is RESOURCE_EXHAUSTED. */
  readonly memoryMiB: number;
  /** Manifests of at most this many bytes are read on the calling thread (default {@link INLINE_MAX_BYTES}). */
  readonly inlineMaxBytes?: number;
}

/** When a parse must end: the call's signal and its MANIFEST_TIMEOUT deadline (a performance.now() time). */
export interface ParseBounds {
  readonly signal: AbortSignal;
  readonly deadline: number;
}

/** Reads manifests (parseManifest) off the event loop, in a small pool of worker threads. */
export interface ManifestParser {
  parse(manifest: Uint8Array, limits: ManifestLimits, bounds: ParseBounds): Promise<ManifestDocument[]>;
  /** Worker threads alive now, busy or idle (an exited thread is not counted). */
  workers(): number;
  /** Manifests being read in a worker thread now. */
  reading(): number;
  /** Ends every worker (a parse in progress fails UNAVAILABLE) and refuses new parses; resolves once they have exited. */
  close(): Promise<void>;
}

/**
 * A single large YAML document (one 4 MiB map) costs seconds of CPU in yaml's composer, and that
 * part cannot be sliced; on the event loop it held every other caller for as long. So manifests
 * larger than {@link INLINE_MAX_BYTES} are read in a worker thread (node:worker_threads: its own
 * event loop and heap, nothing to install): every limit of parseManifest applies there unchanged,
 * plus a heap bound (`resourceLimits`; a manifest needing more fails RESOURCE_EXHAUSTED, the
 * worker is replaced) and the call's MANIFEST_TIMEOUT (the worker is terminated when the deadline
 * passes: DEADLINE_EXCEEDED) and cancellation (terminated too). At most `workers` threads run;
 * more concurrent manifests wait for one (within their deadline), so uploads cannot spawn
 * threads without bound. Idle workers are kept for the next manifest but do not keep the process
 * alive; `close()` (server shutdown) ends them.
 */
export function createManifestParser(options: ManifestParserOptions): ManifestParser {
  const inlineMaxBytes = options.inlineMaxBytes ?? INLINE_MAX_BYTES;
  const live = new Set<Worker>();
  const idle: Worker[] = [];
  /** Calls waiting for a worker, oldest first. */
  const waiting: ((worker: Worker) => void)[] = [];
  let closed = false;
  let reading = 0;

  const shuttingDown = () => new ConnectError("the server is shutting down", Code.Unavailable);

  function spawn(): Worker {
    const worker = startWorker(options.memoryMiB);
    live.add(worker);
    worker.once("exit", () => {
      live.delete(worker);
      const at = idle.indexOf(worker);
      if (at >= 0) idle.splice(at, 1);
      // A thread ended (timeout, out of memory, cancel): its slot goes to the next waiting call.
      if (!closed && waiting.length > 0 && live.size < options.workers) waiting.shift()!(spawn());
    });
    return worker;
  }

  function acquire(bounds: ParseBounds, limits: ManifestLimits): Promise<Worker> {
    if (closed) return Promise.reject(shuttingDown());
    const ready = idle.pop();
    if (ready) {
      ready.ref();
      return Promise.resolve(ready);
    }
    if (live.size < options.workers) return Promise.resolve(spawn());
    return new Promise((resolve, reject) => {
      const give = (worker: Worker) => {
        stop();
        resolve(worker);
      };
      const fail = (error: ConnectError) => {
        stop();
        const at = waiting.indexOf(give);
        if (at >= 0) waiting.splice(at, 1);
        reject(error);
      };
      const onAbort = () => fail(cancelled());
      const timer = setTimeout(() => fail(tooLate(limits)), Math.max(0, bounds.deadline - performance.now()));
      const stop = () => {
        clearTimeout(timer);
        bounds.signal.removeEventListener("abort", onAbort);
      };
      bounds.signal.addEventListener("abort", onAbort);
      waiting.push(give);
    });
  }

  function release(worker: Worker): void {
    if (closed) {
      void worker.terminate();
      return;
    }
    const next = waiting.shift();
    if (next) {
      next(worker);
      return;
    }
    worker.unref();
    idle.push(worker);
  }

  function run(worker: Worker, request: ParseRequest, bounds: ParseBounds): Promise<ManifestDocument[]> {
    return new Promise((resolve, reject) => {
      const finish = (keep: boolean, settle: () => void) => {
        clearTimeout(timer);
        bounds.signal.removeEventListener("abort", onAbort);
        worker.off("message", onMessage).off("error", onError).off("exit", onExit);
        if (keep) release(worker);
        else void worker.terminate();
        settle();
      };
      const onMessage = (answer: ParseAnswer) =>
        finish(true, () =>
          "error" in answer ? reject(new ConnectError(answer.error.message, answer.error.code)) : resolve(answer.documents as ManifestDocument[]),
        );
      const onError = (error: Error) => finish(false, () => reject(workerFailure(error, options.memoryMiB)));
      const onExit = () => finish(false, () => reject(closed ? shuttingDown() : new ConnectError("the manifest reader stopped", Code.Internal)));
      const onAbort = () => finish(false, () => reject(cancelled()));
      const timer = setTimeout(() => finish(false, () => reject(tooLate(request.limits))), Math.max(0, bounds.deadline - performance.now()));
      worker.on("message", onMessage).on("error", onError).on("exit", onExit);
      bounds.signal.addEventListener("abort", onAbort);
      worker.postMessage(request);
    });
  }

  return {
    async parse(manifest, limits, bounds) {
      if (manifest.length <= inlineMaxBytes) return parseManifest(manifest, limits);
      if (bounds.signal.aborted) throw cancelled();
      const worker = await acquire(bounds, limits);
      reading++;
      try {
        return await run(worker, { manifest, limits }, bounds);
      } finally {
        reading--;
      }
    },
    workers: () => live.size,
    reading: () => reading,
    async close() {
      closed = true;
      idle.length = 0;
      const exited = [...live].map((worker) => new Promise<void>((resolve) => (worker.threadId === -1 ? resolve() : worker.once("exit", () => resolve()))));
      for (const worker of live) void worker.terminate();
      await Promise.all(exited);
    },
  };
}

function cancelled(): ConnectError {
  return new ConnectError("the request was cancelled", Code.Canceled);
}

function tooLate(limits: ManifestLimits): ConnectError {
  return new ConnectError(`manifest was not read within the call's ${formatDuration(limits.timeoutMs)} (MANIFEST_TIMEOUT)`, Code.DeadlineExceeded);
}

function workerFailure(error: Error, memoryMiB: number): ConnectError {
  if ((error as { code?: unknown }).code === "ERR_WORKER_OUT_OF_MEMORY") {
    return new ConnectError(`manifest needs more than the ${memoryMiB} MiB a manifest may use to be read (MANIFEST_PARSE_MEMORY)`, Code.ResourceExhausted);
  }
  return new ConnectError("the manifest reader failed", Code.Internal, undefined, undefined, error);
}

/**
 * A worker running parse-manifest-worker: the compiled .js beside this file when the server runs
 * from dist/, or the .ts source through tsx (tests, `node --import tsx src/main.ts`).
 */
function startWorker(memoryMiB: number): Worker {
  const fromSource = import.meta.url.endsWith(".ts");
  const entry = new URL(`./parse-manifest-worker.${fromSource ? "ts" : "js"}`, import.meta.url);
  const execArgv = fromSource ? ["--import", pathToFileURL(createRequire(import.meta.url).resolve("tsx")).href] : [];
  return new Worker(entry, { execArgv, resourceLimits: { maxOldGenerationSizeMb: memoryMiB } });
}
