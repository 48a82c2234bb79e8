import type { Command } from "../command.js";
import { roleChange, ROLE_CHANGE_OPTIONS } from "./role-change.js";

/** `kargo-api revoke`: RbacService.Revoke — claims or permissions taken from a role. */
export const revoke: Command = {
  name: "revoke",
  summary: "remove claim values (users) or permissions from a role",
  usage: `kargo-api revoke --role ROLE --project P (--claim NAME=VALUE … | --rule RESOURCE[/NAME]:VERB[,VERB…])

Claims left without values are dropped; --rule stages:promote without a name matches named and
unnamed rules.`,
  options: ROLE_CHANGE_OPTIONS,
  run: (context, args) => roleChange(context, args, "revoke"),
};
