// Child process for committed-read.test.ts: limited-control-plane-process.ts (a file-size limit
// that a large write's group COMMIT exceeds), with its event loop kept busy for 200 ms every turn
// before the group's COMMIT (keep-loop-busy.ts), so that reads arriving with the large write's last
// bytes are handled in its group's turn, before that COMMIT.
// Run by Node itself (type stripping, no tsx) on the compiled sources (dist/, built by the spawner):
// about half the start-up CPU of src/ through tsx. Hence imports by URL: dist/ for the sources, .ts
// for the test's own helpers.
const { keepLoopBusy } = (await import(new URL("./keep-loop-busy.ts", import.meta.url).href)) as typeof import("./keep-loop-busy.js");

await import(new URL("./limited-control-plane-process.ts", import.meta.url).href);
keepLoopBusy(200);
