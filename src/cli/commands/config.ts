import type { Command } from "../command.js";
import { currentContext, deleteContext, getContexts, setContext, useContext, viewConfig } from "./config/context-commands.js";

/** `kargo-api config …`: the current server and project, and named contexts to switch between. */
export const config: Command = {
  name: "config",
  summary: "show the current server/context; add, switch and delete contexts (several servers)",
  usage: `kargo-api config view                              the server, project and context in use, and why
kargo-api config get-contexts                      every context, the one in use marked *
kargo-api config current-context                   the name of the context in use
kargo-api config set-context NAME [--server URL] [--project P]
kargo-api config use-context NAME                  later commands use its server and project
kargo-api config delete-context NAME
(any command: --context NAME uses a context for that command only)`,
  subcommands: [viewConfig, getContexts, currentContext, setContext, useContext, deleteContext],
};
