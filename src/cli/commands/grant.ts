import type { Command } from "../command.js";
import { roleChange, ROLE_CHANGE_OPTIONS } from "./role-change.js";

/** `kargo-api grant`: RbacService.Grant — claims or permissions added to a role. */
export const grant: Command = {
  name: "grant",
  summary: "add claim values (users) or permissions to a role",
  usage: `kargo-api grant --role ROLE --project P (--claim NAME=VALUE … | --rule RESOURCE[/NAME]:VERB[,VERB…])

  --claim email=alice@example.com   users holding this claim value are mapped to the role (repeatable)
  --rule stages:promote             verbs on a resource (one --rule per call); stages/prod:promote for one object`,
  options: ROLE_CHANGE_OPTIONS,
  run: (context, args) => roleChange(context, args, "grant"),
};
