import type { StepObjects } from "../../steps/step-types.js";
import type { KargoClient } from "../../../kube/object-clients.js";

/** The object writes steps make (set-metadata, set-freight-alias), through the API like any client's, in `project`. */
export function stepObjects(client: KargoClient, project: string): StepObjects {
  return {
    async setMetadata(kind, name, values) {
      const plural = kind === "Stage" ? "stages" : "freights";
      if (!(await client.get(plural, project, name))) return false;
      await client.patchStatus(plural, project, name, { metadata: values });
      return true;
    },
    async setFreightAlias(name, alias) {
      if (!(await client.get("freights", project, name))) return false;
      await client.patch("freights", project, name, { alias });
      return true;
    },
  };
}
