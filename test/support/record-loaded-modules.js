// Loaded with `node --import` into a process a test starts: appends the URL of every module the
// process loads (ESM and CommonJS alike) to the file named by RECORD_LOADED_MODULES, one a line,
// as it loads, so the file holds what was loaded even if the process is killed. Plain JavaScript:
// it runs before the process loads anything else. In-thread hooks (module.registerHooks, Node 24).
import { appendFileSync } from "node:fs";
import { registerHooks } from "node:module";

const file = process.env["RECORD_LOADED_MODULES"];
if (!file) throw new Error("record-loaded-modules: RECORD_LOADED_MODULES names no file");
registerHooks({
  load(url, context, nextLoad) {
    appendFileSync(file, `${url}\n`);
    return nextLoad(url, context);
  },
});
