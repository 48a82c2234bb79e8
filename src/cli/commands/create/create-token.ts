import { UsageError } from "../../cli-errors.js";
import type { Command } from "../../command.js";
import { requireOption } from "../../require-option.js";

/** `kargo-api create token NAME --role ROLE`: RbacService.CreateAPIToken; prints the token once. */
export const createToken: Command = {
  name: "token",
  summary: "create an API token acting as a role (printed once)",
  usage: `kargo-api create token NAME --role ROLE (--project P | --system-level) [--description TEXT]

Prints the token value on stdout: the only time it is shown. Use it with
kargo-api login --token, KARGO_API_TOKEN, or as a bearer token.`,
  options: { role: { type: "string" }, description: { type: "string" }, "system-level": { type: "boolean" } },
  async run(context, { values, positionals }) {
    const [name, ...extra] = positionals;
    if (!name || extra.length > 0) throw new UsageError("create token needs exactly one NAME");
    const systemLevel = values["system-level"] === true;
    const project = systemLevel ? "" : await context.project();
    const { token } = await (await context.client()).rbac.createAPIToken({
      project,
      systemLevel,
      roleName: requireOption(values, "role"),
      name,
      description: (values["description"] as string | undefined) ?? "",
    });
    context.print(token?.token ?? "");
  },
};
