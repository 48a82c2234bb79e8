import { UsageError } from "../../cli-errors.js";
import type { Command } from "../../command.js";
import { parseClaims, parseRule } from "../../role-flags.js";

const DESCRIPTION = "kargo.akuity.io/description";

/** `kargo-api update role NAME`: RbacService.UpdateRole, replacing what is given. */
export const updateRole: Command = {
  name: "role",
  summary: "replace a role's claims, rules or description",
  usage: `kargo-api update role NAME --project P [--claim NAME=VALUE …] [--rule RESOURCE[/NAME]:VERB[,VERB…] …] [--description TEXT]

RbacService.UpdateRole. What is given replaces the role's current value (all its claims, all its
rules, the description); what is not given stays. To add or remove single entries use grant/revoke.`,
  options: { claim: { type: "string", multiple: true }, rule: { type: "string", multiple: true }, description: { type: "string" } },
  async run(context, { values, positionals }) {
    const [name, ...extra] = positionals;
    if (!name || extra.length > 0) throw new UsageError("update role needs exactly one NAME");
    const claims = values["claim"] as string[] | undefined;
    const rules = values["rule"] as string[] | undefined;
    const description = values["description"] as string | undefined;
    if (claims === undefined && rules === undefined && description === undefined) throw new UsageError("update role needs --claim, --rule or --description");
    const project = await context.project();
    const client = await context.client();
    const { result } = await client.rbac.getRole({ project, name });
    if (result.case !== "role" || !result.value) throw new UsageError(`role ${name} cannot be updated as an object`);
    const role = result.value;
    if (claims !== undefined) role.claims = parseClaims(claims);
    if (rules !== undefined) role.rules = rules.map(parseRule);
    if (description !== undefined && role.metadata) role.metadata.annotations = { ...role.metadata.annotations, [DESCRIPTION]: description };
    const updated = (await client.rbac.updateRole({ role })).role;
    context.print(`role/${updated?.metadata?.name ?? name} updated in project ${project}`);
  },
};
