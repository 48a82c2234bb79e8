import type { ParseArgsOptionsConfig } from "node:util";
import { UsageError } from "../cli-errors.js";
import type { CliContext } from "../cli-context.js";
import type { CommandArgs } from "../command.js";
import { parseClaims, parseRule } from "../role-flags.js";
import { requireOption } from "../require-option.js";

/** The options of grant and revoke. */
export const ROLE_CHANGE_OPTIONS: ParseArgsOptionsConfig = { role: { type: "string" }, claim: { type: "string", multiple: true }, rule: { type: "string" } };

/** Grant or Revoke of claims (--claim …) or one rule (--rule) on --role, printing what changed. */
export async function roleChange(context: CliContext, { values, positionals }: CommandArgs, what: "grant" | "revoke"): Promise<void> {
  if (positionals.length > 0) throw new UsageError(`${what} takes no arguments (got "${positionals.join(" ")}"): use --role, --claim, --rule`);
  const project = await context.project();
  const role = requireOption(values, "role");
  const claims = (values["claim"] as string[] | undefined) ?? [];
  const rule = values["rule"] as string | undefined;
  if (claims.length > 0 === (rule !== undefined)) throw new UsageError(`${what} needs either --claim NAME=VALUE (repeatable) or one --rule`);
  const request =
    rule !== undefined
      ? (() => {
          const r = parseRule(rule);
          return { case: "resourceDetails" as const, value: { resourceType: r.resources[0]!, resourceName: r.resourceNames[0] ?? "", verbs: r.verbs } };
        })()
      : { case: "userClaims" as const, value: { claims: parseClaims(claims) } };
  const client = await context.client();
  const call = what === "grant" ? client.rbac.grant : client.rbac.revoke;
  const { role: changed } = await call({ project, role, request });
  const target = `role/${changed?.metadata?.name ?? role} in project ${project}`;
  context.print(what === "grant" ? `granted ${rule ?? claims.join(" ")} to ${target}` : `revoked ${rule ?? claims.join(" ")} from ${target}`);
}
