import type { ParseArgsOptionsConfig } from "node:util";

/** Options every command takes. */
export const GLOBAL_OPTIONS: ParseArgsOptionsConfig = Object.freeze({
  server: { type: "string", short: "s" },
  output: { type: "string", short: "o" },
  project: { type: "string", short: "p" },
  context: { type: "string" },
  help: { type: "boolean", short: "h" },
});

/** The help text of the global options. */
export const GLOBAL_USAGE = `Global options:
  -s, --server URL      API server (default: KARGO_API_SERVER, else the context in use, else the
                        server of the last login, else http://localhost:8080)
  -p, --project NAME    project (default: KARGO_API_PROJECT, else the context in use's project)
      --context NAME    use the server and project of a context (kargo-api config set-context)
  -o, --output FORMAT   table (default), json or yaml
  -h, --help            show help`;
