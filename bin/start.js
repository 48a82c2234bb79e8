#!/usr/bin/env node
// `npm start`: builds dist/ only when the sources changed (bin/ensure-built.js), then runs the server
// in THIS process — so SIGTERM sent to it (or forwarded by npm) reaches the server itself, which
// shuts down gracefully; no shell or second node process is left in between.
import { ensureBuilt } from "./ensure-built.js";

ensureBuilt();
await import(new URL("../dist/src/main.js", import.meta.url).href);
