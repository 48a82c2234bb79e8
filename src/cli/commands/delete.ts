import { UsageError } from "../cli-errors.js";
import type { Command } from "../command.js";
import { KINDS, kindNamed } from "../get/kinds.js";
import { printResourceResults } from "../print-resource-results.js";
import { readManifest } from "../read-manifest.js";

/** `kargo-api delete -f FILE` (ResourceService) or `delete KIND NAME` (the kind's Delete RPC). */
export const del: Command = {
  name: "delete",
  summary: "delete an object by kind and name, or the objects of YAML/JSON manifests",
  usage: `kargo-api delete KIND NAME [--project P]
kargo-api delete -f FILE [-f FILE …] [-o table|json|yaml]

KIND is any name get accepts (project, warehouse, stage, freight — a name or an alias —, role, token,
credentials). With -f: ResourceService.DeleteResource; every object of the files (identified by
apiVersion, kind, namespace and name) is deleted, Projects last. Objects that failed are reported on
stderr; exit code 1.`,
  options: { filename: { type: "string", short: "f", multiple: true } },
  async run(context, { values, positionals }) {
    if (values["filename"] !== undefined) {
      if (positionals.length > 0) throw new UsageError("delete takes either -f FILE or KIND NAME, not both");
      const manifest = await readManifest(context.io, values["filename"] as string[] | undefined);
      const { results } = await (await context.client()).resources.deleteResource({ manifest });
      printResourceResults(context, results);
      return;
    }
    const [kindName, name, ...extra] = positionals;
    if (kindName === undefined || name === undefined || extra.length > 0) throw new UsageError("delete needs KIND NAME (or -f FILE)");
    const kind = kindNamed(kindName);
    if (!kind)
      throw new UsageError(
        `unknown kind "${kindName}"; one of ${KINDS.filter((k) => k.delete)
          .map((k) => k.name)
          .join(", ")}`,
      );
    if (!kind.delete) throw new UsageError(`the API has no delete of ${kind.name} (delete -f FILE deletes any object)`);
    const project = kind.project === "required" ? await context.project() : kind.project === "optional" ? ((await context.optionalProject()) ?? "") : "";
    await kind.delete(await context.client(), project, name);
    context.print(`${kind.name.replace(/s$/, "")}/${name} deleted${project ? ` from project ${project}` : ""}`);
  },
};
