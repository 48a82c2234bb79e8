import type { Command } from "../command.js";
import { updateRole } from "./update/update-role.js";

/** `kargo-api update role`. */
export const update: Command = {
  name: "update",
  summary: "update a role",
  usage: "kargo-api update role NAME … (kargo-api update role --help)",
  subcommands: [updateRole],
};
