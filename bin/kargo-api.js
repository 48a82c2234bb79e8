#!/usr/bin/env node
// Launcher of the kargo-api CLI: builds dist/ when the sources changed (bin/ensure-built.js), then
// runs the compiled CLI in this process (so `kargo-api serve` receives its signals directly).
import { ensureBuilt } from "./ensure-built.js";

ensureBuilt();
await import(new URL("../dist/src/cli/main.js", import.meta.url).href);
