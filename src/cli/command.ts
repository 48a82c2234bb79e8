import type { ParseArgsOptionsConfig } from "node:util";
import type { CliContext } from "./cli-context.js";

/** Parsed arguments of one command: option values and positionals. */
export interface CommandArgs {
  readonly values: Record<string, string | boolean | (string | boolean)[] | undefined>;
  readonly positionals: string[];
}

/** One `kargo-api <name>` command (one file each under commands/). */
export interface Command {
  readonly name: string;
  /** One line for `kargo-api --help`. */
  readonly summary: string;
  /** Usage text shown by `kargo-api <name> --help` (after the usage line). */
  readonly usage: string;
  /** Its own options (the global ones are added: --server, -o/--output, -p/--project, -h/--help). */
  readonly options?: ParseArgsOptionsConfig;
  /** Subcommands (`create role`): the first positional picks one, which parses the rest. */
  readonly subcommands?: readonly Command[];
  /** Pass every argument after the command name through as positionals, unparsed (serve). */
  readonly rawArgs?: boolean;
  run?(context: CliContext, args: CommandArgs): Promise<void>;
}
