// Child process for committed-read.test.ts: limited-control-plane-process.ts (a file-size limit
// that a large write's group COMMIT exceeds), with its event loop kept busy for 200 ms every turn
// before the group's COMMIT (keep-loop-busy.ts), so that reads arriving with the large write's last
// bytes are handled in its group's turn, before that COMMIT.
import { keepLoopBusy } from "./keep-loop-busy.js";

await import("./limited-control-plane-process.js");
keepLoopBusy(200);
