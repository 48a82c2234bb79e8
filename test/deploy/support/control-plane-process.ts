// A child process running the embedded control plane (no controllers started by the API server's
// side: this is the cluster's API) on the data directory argv[2] and port argv[3] (0: any); prints
// one JSON line {url, port, kubeconfigPath, caCertificate} once serving. Tests SIGKILL it to
// simulate a crash of the Kubernetes API and start another on the same directory and port.
// Run by Node itself (type stripping, no tsx) on the compiled sources (dist/, built by the spawner):
// about half the start-up CPU of src/ through tsx. Hence imports by URL: dist/ for the sources, .ts
// for the test's own helpers.
const { startEmbeddedControlPlane } = (await import(
  new URL("../../../dist/src/embedded/index.js", import.meta.url).href
)) as typeof import("../../../src/embedded/index.js");

const [dataDir, port = "0"] = process.argv.slice(2);
if (!dataDir) throw new Error("usage: control-plane-process.ts <data dir> [port]");
const plane = await startEmbeddedControlPlane({ dataDir, port: Number(port) });
process.stdout.write(
  `${JSON.stringify({ url: plane.url, port: new URL(plane.url).port, kubeconfigPath: plane.kubeconfigPath, caCertificate: plane.caCertificate })}\n`,
);
process.on("SIGTERM", () => void plane.close().then(() => process.exit(0)));
