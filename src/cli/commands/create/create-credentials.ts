import { UsageError } from "../../cli-errors.js";
import type { Command } from "../../command.js";
import { readPassword } from "../../read-password.js";
import { requireOption } from "../../require-option.js";

/** `kargo-api create credentials NAME`: CredentialsService.CreateRepoCredentials or CreateGenericCredentials. */
export const createCredentials: Command = {
  name: "credentials",
  summary: "create repository (git/helm/image) or generic credentials",
  usage: `kargo-api create credentials NAME [--project P] --type git|helm|image --repo-url URL [--regex]
                                  --username USER (--password-stdin | --password PASSWORD) [--description TEXT]
kargo-api create credentials NAME [--project P] --generic --set KEY=VALUE [--set …] [--description TEXT]

Without --project the credentials are shared. Prefer --password-stdin: a --password value is visible
in the process list. Values are never shown again (responses are redacted).`,
  options: {
    type: { type: "string" },
    "repo-url": { type: "string" },
    regex: { type: "boolean" },
    username: { type: "string" },
    password: { type: "string" },
    "password-stdin": { type: "boolean" },
    generic: { type: "boolean" },
    set: { type: "string", multiple: true },
    description: { type: "string" },
  },
  async run(context, { values, positionals }) {
    const [name, ...extra] = positionals;
    if (!name || extra.length > 0) throw new UsageError("create credentials needs exactly one NAME");
    const project = (await context.optionalProject()) ?? "";
    const description = (values["description"] as string | undefined) ?? "";
    const client = await context.client();
    if (values["generic"]) {
      const data: Record<string, string> = {};
      for (const pair of (values["set"] as string[] | undefined) ?? []) {
        const eq = pair.indexOf("=");
        if (eq <= 0) throw new UsageError(`--set must be KEY=VALUE, got "${pair}"`);
        data[pair.slice(0, eq)] = pair.slice(eq + 1);
      }
      if (Object.keys(data).length === 0) throw new UsageError("generic credentials need at least one --set KEY=VALUE");
      await client.credentials.createGenericCredentials({ project, name, data, description });
    } else {
      const type = requireOption(values, "type");
      const password = values["password-stdin"] ? await readPassword(context.io) : requireOption(values, "password");
      await client.credentials.createRepoCredentials({
        project,
        name,
        type,
        repoUrl: requireOption(values, "repo-url"),
        repoUrlIsRegex: values["regex"] === true,
        username: requireOption(values, "username"),
        password,
        description,
      });
    }
    context.print(`credentials/${name} created${project ? ` in project ${project}` : " (shared)"}`);
  },
};
