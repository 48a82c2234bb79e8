// Child process for durable-answer.test.ts and committed-read.test.ts: the embedded control plane
// (controllers off) on the data directory argv[2], whose event loop is kept busy for 200 ms every
// turn before the store's group commit (keep-loop-busy.ts): an answer sent before that COMMIT would
// reach the parent long before its data is on disk, in time for a SIGKILL in between. Prints one
// JSON line {httpUrl, token} once serving.
import { startEmbeddedControlPlane } from "../../../src/embedded/index.js";
import { keepLoopBusy } from "./keep-loop-busy.js";

const dataDir = process.argv[2];
if (!dataDir) throw new Error("usage: busy-control-plane-process.ts <data dir>");
const plane = await startEmbeddedControlPlane({ dataDir, controllers: false });
keepLoopBusy(200);
process.stdout.write(`${JSON.stringify({ httpUrl: plane.httpUrl, token: plane.serverToken })}\n`);
