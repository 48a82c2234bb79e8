import type { Command } from "../command.js";
import { createCredentials } from "./create/create-credentials.js";
import { createProject } from "./create/create-project.js";
import { createRole } from "./create/create-role.js";
import { createToken } from "./create/create-token.js";

/** `kargo-api create role|token|credentials`. */
export const createCommand: Command = {
  name: "create",
  summary: "create a project, a role, an API token or credentials",
  usage: `kargo-api create project NAME
kargo-api create role NAME …
kargo-api create token NAME …
kargo-api create credentials NAME …
(kargo-api create <what> --help for each)`,
  subcommands: [createProject, createRole, createToken, createCredentials],
};
