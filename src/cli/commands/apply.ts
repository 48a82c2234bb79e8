import type { Command } from "../command.js";
import { printResourceResults } from "../print-resource-results.js";
import { readManifest } from "../read-manifest.js";

/** `kargo-api apply -f FILE`: creates or updates every object of the manifests (ResourceService). */
export const apply: Command = {
  name: "apply",
  summary: "create or update the objects of YAML/JSON manifests",
  usage: `kargo-api apply -f FILE [-f FILE …] [-o table|json|yaml]

ResourceService.CreateOrUpdateResource: every object of the files ("-" = stdin; multi-document YAML,
a JSON object or array) is created or replaced, Projects first. One line per object; objects that
failed are reported on stderr and the exit code is 1.`,
  options: { filename: { type: "string", short: "f", multiple: true } },
  async run(context, { values }) {
    const manifest = await readManifest(context.io, values["filename"] as string[] | undefined);
    const { results } = await (await context.client()).resources.createOrUpdateResource({ manifest });
    printResourceResults(context, results);
  },
};
