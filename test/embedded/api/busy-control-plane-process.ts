// Child process for durable-answer.test.ts: the embedded control plane (controllers off) on the
// data directory argv[2], whose event loop is kept busy by other work: every turn, before the
// store's group commit runs (a setImmediate queued later), this process computes for BUSY_MS.
// Anything the API sends before that commit is on the wire for BUSY_MS while its write is not
// on disk, long enough for the parent to SIGKILL the process in between. Prints one JSON line
// {httpUrl, token} once serving.
import { startEmbeddedControlPlane } from "../../../src/embedded/index.js";

const BUSY_MS = 200;

const dataDir = process.argv[2];
if (!dataDir) throw new Error("usage: busy-control-plane-process.ts <data dir>");
const plane = await startEmbeddedControlPlane({ dataDir, controllers: false });

function busy(): void {
  const until = performance.now() + BUSY_MS;
  while (performance.now() < until) {
    // Other work of the process (as a large manifest's parse would be).
  }
  setImmediate(busy);
}
setImmediate(busy);
process.stdout.write(`${JSON.stringify({ httpUrl: plane.httpUrl, token: plane.serverToken })}\n`);
