import { UsageError } from "../../cli-errors.js";
import type { Command } from "../../command.js";

/** `kargo-api create project NAME`: ProjectService.CreateProject. */
export const createProject: Command = {
  name: "project",
  summary: "create a project (and its namespace)",
  usage: "kargo-api create project NAME\n\nProjectService.CreateProject. kargo-api init creates a project with a whole pipeline.",
  async run(context, { positionals }) {
    const [name, ...extra] = positionals;
    if (!name || extra.length > 0) throw new UsageError("create project needs exactly one NAME");
    const { project } = await (await context.client()).projects.createProject({ name });
    context.print(`project/${project?.metadata?.name ?? name} created`);
  },
};
