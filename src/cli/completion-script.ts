import type { ParseArgsOptionsConfig } from "node:util";
import type { Command } from "./command.js";
// A cycle (commands.ts lists the completion command), harmless: COMMANDS is read at call time only.
import { COMMANDS } from "./commands.js";
import { KINDS } from "./get/kinds.js";
import { GLOBAL_OPTIONS } from "./global-options.js";

/** Shells `kargo-api completion` writes a script for. */
export const SHELLS = ["bash", "zsh", "fish"] as const;
export type Shell = (typeof SHELLS)[number];

/** Commands whose first argument is a kind of `get`. */
const KIND_COMMANDS = ["get", "delete"];

const flags = (command: Command): string[] =>
  Object.entries({ ...GLOBAL_OPTIONS, ...(command.rawArgs ? {} : command.options) }).flatMap(([name, o]) => [`--${name}`, ...(o.short ? [`-${o.short}`] : [])]);

/**
 * The completion script of `shell`, made from the command table, so every command and option is in
 * it without a second list to keep. zsh uses the bash function through bashcompinit.
 */
export function completionScript(shell: Shell, commands: readonly Command[] = COMMANDS): string {
  const kinds = [...new Set(KINDS.flatMap((k) => [k.name]))];
  if (shell === "fish") {
    const lines = ["# fish completion for kargo-api (kargo-api completion fish)", "complete -c kargo-api -f"];
    for (const c of commands) lines.push(`complete -c kargo-api -n __fish_use_subcommand -a ${c.name} -d ${quote(c.summary)}`);
    for (const c of commands) {
      const seen = `__fish_seen_subcommand_from ${c.name}`;
      for (const s of c.subcommands ?? []) lines.push(`complete -c kargo-api -n ${quote(seen)} -a ${s.name} -d ${quote(s.summary)}`);
      if (KIND_COMMANDS.includes(c.name)) lines.push(`complete -c kargo-api -n ${quote(seen)} -a ${quote(kinds.join(" "))}`);
      const options: ParseArgsOptionsConfig = Object.assign(
        {},
        GLOBAL_OPTIONS,
        c.rawArgs ? {} : c.options,
        ...(c.subcommands ?? []).map((s) => s.options ?? {}),
      );
      for (const [name, o] of Object.entries(options)) {
        lines.push(`complete -c kargo-api -n ${quote(seen)} -l ${name}${o.short ? ` -s ${o.short}` : ""}${o.type === "string" ? " -r" : ""}`);
      }
    }
    return `${lines.join("\n")}\n`;
  }
  const cases = commands.map((c) => {
    const words = [...(c.subcommands ?? []).map((s) => s.name), ...(KIND_COMMANDS.includes(c.name) ? kinds : [])];
    const options = [...new Set([...flags(c), ...(c.subcommands ?? []).flatMap(flags)])];
    return `    ${c.name}) words=${quote(words.join(" "))}; options=${quote(options.join(" "))} ;;`;
  });
  const bash = `_kargo_api() {
  local cur=\${COMP_WORDS[COMP_CWORD]} words="" options=""
  if [ "$COMP_CWORD" -eq 1 ]; then
    COMPREPLY=($(compgen -W ${quote(commands.map((c) => c.name).join(" "))} -- "$cur"))
    return
  fi
  case "\${COMP_WORDS[1]}" in
${cases.join("\n")}
  esac
  if [[ "$cur" == -* ]]; then
    COMPREPLY=($(compgen -W "$options" -- "$cur"))
  elif [ "$COMP_CWORD" -eq 2 ]; then
    COMPREPLY=($(compgen -W "$words" -- "$cur"))
  else
    COMPREPLY=()
  fi
}
complete -F _kargo_api kargo-api
`;
  if (shell === "bash") return `# bash completion for kargo-api (kargo-api completion bash)\n${bash}`;
  return `# zsh completion for kargo-api (kargo-api completion zsh): the bash function through bashcompinit\nautoload -U +X bashcompinit && bashcompinit\n${bash}`;
}

function quote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}
