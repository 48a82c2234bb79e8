// A child process running the embedded control plane with its controllers on the data directory
// given as argv[2] (production defaults: passes on watch events); prints one JSON line {httpUrl, token} once serving.
// Tests SIGKILL it to simulate a crash and start another on the same directory.
import { startEmbeddedControlPlane } from "../../../../src/embedded/index.js";

const dataDir = process.argv[2];
if (!dataDir) throw new Error("usage: control-plane-process.ts <data dir>");
const plane = await startEmbeddedControlPlane({ dataDir });
process.stdout.write(`${JSON.stringify({ httpUrl: plane.httpUrl, token: plane.serverToken })}\n`);
process.on("SIGTERM", () => void plane.close().then(() => process.exit(0)));
