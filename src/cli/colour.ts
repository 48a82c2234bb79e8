import type { CliIo } from "./cli-context.js";

/** Paints a table cell (already padded) of column `header`; the identity when colour is off. */
export type Paint = (text: string, header: string) => string;

const GREEN = "\u001b[32m";
const RED = "\u001b[31m";
const YELLOW = "\u001b[33m";
const RESET = "\u001b[39m";

/** Columns whose values are states worth a colour. */
const STATE_COLUMNS = new Set(["PHASE", "HEALTH", "READY", "EVENT"]);

const GOOD = /^(Succeeded|Healthy|True|ADDED)\b/;
const BAD = /^(Failed|Errored|Unhealthy|False|Aborted|DELETED)\b/;
const BUSY = /^(Pending|Running|Progressing|Unknown|MODIFIED)\b/;

/** The colour of a state word (Succeeded, Failed, Running …), or undefined for anything else. */
function colourOf(value: string): string | undefined {
  const word = value.trimStart();
  if (GOOD.test(word)) return GREEN;
  if (BAD.test(word)) return RED;
  if (BUSY.test(word)) return YELLOW;
  return undefined;
}

/**
 * Whether output is coloured: stdout is a terminal and NO_COLOR (https://no-color.org) is unset or
 * empty. Pipes, files and -o json/yaml never get escape codes.
 */
export function colourEnabled(io: Pick<CliIo, "env" | "stdout">): boolean {
  return (io.stdout as { isTTY?: boolean }).isTTY === true && !io.env["NO_COLOR"];
}

/** The painter of state columns (PHASE, HEALTH, READY, EVENT) for `io`. */
export function statePainter(io: Pick<CliIo, "env" | "stdout">): Paint {
  if (!colourEnabled(io)) return (text) => text;
  return (text, header) => {
    if (!STATE_COLUMNS.has(header)) return text;
    const colour = colourOf(text);
    return colour ? `${colour}${text}${RESET}` : text;
  };
}

/** `key=value` with the value painted by its state (watch promotions' `phase=Failed`). */
export function paintState(io: Pick<CliIo, "env" | "stdout">, value: string): string {
  const colour = colourEnabled(io) ? colourOf(value) : undefined;
  return colour ? `${colour}${value}${RESET}` : value;
}
