import { parentPort } from "node:worker_threads";
import { ConnectError } from "@connectrpc/connect";
import type { ManifestLimits } from "./manifest-limits.js";
import { parseManifest } from "./parse-manifest.js";

/** What the pool sends: one manifest to read within `limits`. */
export interface ParseRequest {
  readonly manifest: Uint8Array;
  readonly limits: ManifestLimits;
}

/** What the worker answers: the documents, or the ConnectError parseManifest threw (code and message). */
export type ParseAnswer = { readonly documents: unknown } | { readonly error: { readonly code: number; readonly message: string } };

// A worker of the manifest parser pool (manifest-parser-pool.ts): parseManifest, unchanged, on its
// own thread and heap, one request at a time.
parentPort?.on("message", (request: ParseRequest) => {
  parseManifest(request.manifest, request.limits).then(
    (documents) => parentPort?.postMessage({ documents } satisfies ParseAnswer),
    (error: unknown) => {
      const e = ConnectError.from(error);
      parentPort?.postMessage({ error: { code: e.code, message: e.rawMessage } } satisfies ParseAnswer);
    },
  );
});
