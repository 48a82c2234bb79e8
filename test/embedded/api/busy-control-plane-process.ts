// Child process for durable-answer.test.ts and committed-read.test.ts: the embedded control plane
// (controllers off) on the data directory argv[2], whose event loop is kept busy for 200 ms every
// turn before the store's group commit (keep-loop-busy.ts): an answer sent before that COMMIT would
// reach the parent long before its data is on disk, in time for a SIGKILL in between. Prints one
// JSON line {httpUrl, token} once serving.
// Run by Node itself (type stripping, no tsx) on the compiled sources (dist/, built by the spawner):
// about half the start-up CPU of src/ through tsx. Hence imports by URL: dist/ for the sources, .ts
// for the test's own helpers.
const { startEmbeddedControlPlane } = (await import(
  new URL("../../../dist/src/embedded/index.js", import.meta.url).href
)) as typeof import("../../../src/embedded/index.js");
const { keepLoopBusy } = (await import(new URL("./keep-loop-busy.ts", import.meta.url).href)) as typeof import("./keep-loop-busy.js");

const dataDir = process.argv[2];
if (!dataDir) throw new Error("usage: busy-control-plane-process.ts <data dir>");
const plane = await startEmbeddedControlPlane({ dataDir, controllers: false });
keepLoopBusy(200);
process.stdout.write(`${JSON.stringify({ httpUrl: plane.httpUrl, token: plane.serverToken })}\n`);
