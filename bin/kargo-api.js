#!/usr/bin/env node
// Launcher of the kargo-api CLI: runs the compiled CLI (npm run build writes dist/).
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

const main = new URL("../dist/src/cli/main.js", import.meta.url);
if (!existsSync(fileURLToPath(main))) {
  process.stderr.write("error: kargo-api is not built: run `npm run build` first\n");
  process.exit(3);
}
await import(main.href);
