import type { ParseArgsOptionsConfig } from "node:util";

/** Options every command takes. */
export const GLOBAL_OPTIONS: ParseArgsOptionsConfig = Object.freeze({
  server: { type: "string", short: "s" },
  output: { type: "string", short: "o" },
  project: { type: "string", short: "p" },
  help: { type: "boolean", short: "h" },
});

/** The help text of the global options. */
export const GLOBAL_USAGE = `Global options:
  -s, --server URL      API server (default: KARGO_API_SERVER, else the server of the last login)
  -p, --project NAME    project (default: KARGO_API_PROJECT)
  -o, --output FORMAT   table (default), json or yaml
  -h, --help            show help`;
