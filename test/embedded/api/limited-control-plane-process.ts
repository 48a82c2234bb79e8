// Child process for failed-commit-answer.test.ts: the embedded control plane (controllers off) on
// the data directory argv[2], with this process's file-size limit lowered just above its store's
// files once it serves, so that a write larger than the limit fails at its group's COMMIT (EFBIG).
// Writes the limit to <data dir>/file-size-limit, then prints one JSON line {httpUrl, token}.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
// Run by Node itself (type stripping, no tsx) on the compiled sources (dist/, built by the spawner):
// about half the start-up CPU of src/ through tsx. Hence imports by URL: dist/ for the sources, .ts
// for the test's own helpers.
const { startEmbeddedControlPlane } = (await import(
  new URL("../../../dist/src/embedded/index.js", import.meta.url).href
)) as typeof import("../../../src/embedded/index.js");
const { limitFileSize } = (await import(
  new URL("../../support/limit-file-size.ts", import.meta.url).href
)) as typeof import("../../support/limit-file-size.js");

const dataDir = process.argv[2];
if (!dataDir) throw new Error("usage: limited-control-plane-process.ts <data dir>");
// The body that overflows the limit is twice the store's files: allow it through the body limit.
const plane = await startEmbeddedControlPlane({ dataDir, controllers: false, maxBodyBytes: 256 * 1024 * 1024 });
const store = join(dataDir, "store.sqlite");
// Written before the limit is set: the file itself would otherwise fall under it.
const limitFile = join(dataDir, "file-size-limit");
writeFileSync(limitFile, "0000000000000000");
const limit = limitFileSize([store, `${store}-wal`], 64 * 1024);
writeFileSync(limitFile, String(limit).padStart(16, "0"));
process.stdout.write(`${JSON.stringify({ httpUrl: plane.httpUrl, token: plane.serverToken })}\n`);
