import { parseArgs } from "node:util";
import { CliContext, type CliIo } from "./cli-context.js";
import { describeError, EXIT, UsageError } from "./cli-errors.js";
import { COMMANDS } from "./commands.js";
import { GLOBAL_OPTIONS, GLOBAL_USAGE } from "./global-options.js";
import { outputFormatOf } from "./output-format.js";

/** `kargo-api --help`. */
export function mainUsage(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return `kargo-api — command-line client of the Kargo API (docs/cli.md)

Usage: kargo-api <command> [arguments] [options]

Commands:
${COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`).join("\n")}

${GLOBAL_USAGE}

Environment: KARGO_API_SERVER, KARGO_API_PROJECT, KARGO_API_TOKEN (overrides stored credentials), NO_COLOR,
KARGO_API_CONFIG_DIR (default ~/.config/kargo-api).
Exit codes: 0 success, 1 error from the server, 2 usage error, 3 local error.`;
}

/**
 * Runs one command line and returns its exit code. Every failure becomes one line on stderr
 * (`error: <code>: <message>`), see describeError.
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  try {
    await dispatch(argv, io);
    return EXIT.ok;
  } catch (e) {
    const { line, exitCode } = describeError(e);
    io.stderr.write(`${line}\n`);
    return exitCode;
  }
}

async function dispatch(argv: readonly string[], io: CliIo): Promise<void> {
  const [name, ...rest] = argv;
  if (name === undefined || name === "--help" || name === "-h" || name === "help") {
    io.stdout.write(`${mainUsage()}\n`);
    return;
  }
  let command = COMMANDS.find((c) => c.name === name);
  if (!command) throw new UsageError(`unknown command "${name}"`);
  let args = rest;
  let path = command.name;
  if (command.subcommands) {
    const [subName, ...subRest] = rest;
    const sub = command.subcommands.find((c) => c.name === subName);
    if (!sub) {
      if (subName === undefined || subName === "--help" || subName === "-h") {
        io.stdout.write(`Usage: ${command.usage}\n`);
        return;
      }
      throw new UsageError(`${command.name} what? one of ${command.subcommands.map((c) => c.name).join(", ")}, not "${subName}"`);
    }
    command = sub;
    args = subRest;
    path = `${path} ${sub.name}`;
  }
  if (command.rawArgs) {
    await command.run!(new CliContext(io, "table", undefined, undefined), { values: {}, positionals: [...args] });
    return;
  }
  let parsed;
  try {
    parsed = parseArgs({ args: [...args], options: { ...GLOBAL_OPTIONS, ...command.options }, allowPositionals: true, strict: true });
  } catch (e) {
    throw new UsageError(`${path}: ${(e as Error).message.split("\n")[0]!.replace(/\. To specify a positional.*$/, "")}`);
  }
  const { values, positionals } = parsed;
  if (values["help"]) {
    io.stdout.write(`Usage: ${command.usage}\n\n${GLOBAL_USAGE}\n`);
    return;
  }
  const context = new CliContext(
    io,
    outputFormatOf(values["output"] as string | undefined),
    values["server"] as string | undefined,
    values["project"] as string | undefined,
    values["context"] as string | undefined,
  );
  await command.run!(context, { values, positionals });
}
