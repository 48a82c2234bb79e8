import type { Command } from "../command.js";
import { printResourceResults } from "../print-resource-results.js";
import { readManifest } from "../read-manifest.js";

/** `kargo-api delete -f FILE`: deletes every object of the manifests (ResourceService). */
export const del: Command = {
  name: "delete",
  summary: "delete the objects of YAML/JSON manifests",
  usage: `kargo-api delete -f FILE [-f FILE …] [-o table|json|yaml]

ResourceService.DeleteResource: every object of the files (identified by apiVersion, kind, namespace
and name) is deleted, Projects last. Objects that failed are reported on stderr; exit code 1.`,
  options: { filename: { type: "string", short: "f", multiple: true } },
  async run(context, { values }) {
    const manifest = await readManifest(context.io, values["filename"] as string[] | undefined);
    const { results } = await (await context.client()).resources.deleteResource({ manifest });
    printResourceResults(context, results);
  },
};
