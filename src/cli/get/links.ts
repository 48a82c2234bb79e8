import type { EvaluatedLink } from "../../../gen/kargo/api/v1/deep_link_pb.js";
import { UsageError } from "../cli-errors.js";
import { orElseWhenMissing } from "./or-else-when-missing.js";
import type { Item, ResourceKind } from "./resource-kind.js";

const USAGE = "get links needs stage/NAME or freight/NAME (a Freight name or alias)";

const toItem = (l: EvaluatedLink): Item => ({
  row: [l.title, l.error === "" ? l.url : `error: ${l.error}`, l.source],
  json: { title: l.title, url: l.url, description: l.description, source: l.source, ...(l.error === "" ? {} : { error: l.error }) },
});

/**
 * `get links stage/NAME` / `get links freight/NAME`: StageService.GetStageLinks /
 * FreightService.GetFreightLinks, the deep links of the ClusterConfig and ProjectConfig evaluated
 * for that object; a link whose template failed shows its error in the URL column.
 */
export const links: ResourceKind = {
  name: "links",
  resource: "stages",
  aliases: ["link"],
  project: "required",
  headers: ["TITLE", "URL", "SOURCE"],
  list: async () => {
    throw new UsageError(USAGE);
  },
  get: async (client, project, target) => {
    const slash = target.indexOf("/");
    const [kind, name] = slash < 0 ? ["", ""] : [target.slice(0, slash).toLowerCase(), target.slice(slash + 1)];
    if (name === "") throw new UsageError(USAGE);
    if (kind === "stage" || kind === "stages") return (await client.stages.getStageLinks({ project, name })).links.map(toItem);
    if (kind === "freight" || kind === "freights") {
      // A name, else an alias, as `get freight` accepts either.
      const response = await orElseWhenMissing(
        () => client.freight.getFreightLinks({ project, name }),
        () => client.freight.getFreightLinks({ project, alias: name }),
      );
      return response.links.map(toItem);
    }
    throw new UsageError(USAGE);
  },
};
