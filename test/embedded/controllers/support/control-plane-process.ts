// A child process running the embedded control plane with its controllers on the data directory
// given as argv[2] (production defaults: passes on watch events); prints one JSON line {httpUrl, token} once serving.
// Tests SIGKILL it to simulate a crash and start another on the same directory.
// Run by Node itself (type stripping, no tsx) on the compiled sources (dist/, built by the spawner):
// about half the start-up CPU of src/ through tsx. Hence imports by URL: dist/ for the sources, .ts
// for the test's own helpers.
const { startEmbeddedControlPlane } = (await import(
  new URL("../../../../dist/src/embedded/index.js", import.meta.url).href
)) as typeof import("../../../../src/embedded/index.js");

const dataDir = process.argv[2];
if (!dataDir) throw new Error("usage: control-plane-process.ts <data dir>");
const plane = await startEmbeddedControlPlane({ dataDir });
process.stdout.write(`${JSON.stringify({ httpUrl: plane.httpUrl, token: plane.serverToken })}\n`);
process.on("SIGTERM", () => void plane.close().then(() => process.exit(0)));
