import { UsageError } from "../cli-errors.js";
import type { Command } from "../command.js";
import { completionScript, SHELLS, type Shell } from "../completion-script.js";

/** `kargo-api completion bash|zsh|fish`: prints the shell's completion script. */
export const completion: Command = {
  name: "completion",
  summary: "print a shell completion script (bash, zsh, fish)",
  usage: `kargo-api completion bash|zsh|fish

  bash:  source <(kargo-api completion bash)        (or write it to /etc/bash_completion.d/kargo-api)
  zsh:   source <(kargo-api completion zsh)         (in ~/.zshrc)
  fish:  kargo-api completion fish > ~/.config/fish/completions/kargo-api.fish

Completes commands, subcommands, the kinds of get and delete, and each command's options.`,
  async run(context, { positionals }) {
    const [shell, ...extra] = positionals;
    if (!SHELLS.includes(shell as Shell) || extra.length > 0) throw new UsageError(`completion needs one shell: ${SHELLS.join(", ")}`);
    context.io.stdout.write(completionScript(shell as Shell));
  },
};
