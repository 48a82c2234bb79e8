import type { ExpressionFunction } from "../../../domain/expressions/index.js";
import { findChart, findCommit, findImage } from "../../steps/find-artifact.js";
import type { Freight } from "../../../domain/types.js";

/**
 * The Freight functions of Kargo's expression language, over the Freight being promoted:
 * `imageFrom(repoURL)` → `{RepoURL, Tag, Digest, Annotations}`, `commitFrom(repoURL)` →
 * `{RepoURL, ID, Branch, Tag, Message, Author, Committer}`, `chartFrom(repoURL[, name])` →
 * `{RepoURL, Name, Version}` (Kargo's Go field names, which is how templates spell them), and
 * `warehouse(name)` → an origin. A second "origin" argument is accepted and must match the
 * promoted Freight's origin. A missing artifact is an error naming it.
 */
export function promotionFunctions(freight: Freight): Record<string, ExpressionFunction> {
  const checkOrigin = (origin: unknown) => {
    if (origin === undefined || origin === null) return;
    const name = (origin as { name?: unknown }).name;
    if (name !== freight.origin?.name)
      throw new Error(`the Freight being promoted comes from Warehouse "${freight.origin?.name ?? ""}", not "${String(name)}"`);
  };
  return {
    imageFrom: (repoURL: unknown, origin?: unknown) => {
      checkOrigin(origin);
      const image = findImage(freight, String(repoURL));
      if (!image) throw new Error(`no image ${JSON.stringify(repoURL)} in the Freight being promoted`);
      return { RepoURL: image.repoURL, Tag: image.tag ?? "", Digest: image.digest ?? "", Annotations: image.annotations ?? {} };
    },
    commitFrom: (repoURL: unknown, origin?: unknown) => {
      checkOrigin(origin);
      const commit = findCommit(freight, String(repoURL));
      if (!commit) throw new Error(`no commit from ${JSON.stringify(repoURL)} in the Freight being promoted`);
      return {
        RepoURL: commit.repoURL,
        ID: commit.id ?? "",
        Branch: commit.branch ?? "",
        Tag: commit.tag ?? "",
        Message: commit.message ?? "",
        Author: commit["author"] ?? "",
        Committer: commit["committer"] ?? "",
      };
    },
    chartFrom: (repoURL: unknown, nameOrOrigin?: unknown, origin?: unknown) => {
      const name = typeof nameOrOrigin === "string" ? nameOrOrigin : undefined;
      checkOrigin(typeof nameOrOrigin === "string" ? origin : nameOrOrigin);
      const chart = findChart(freight, String(repoURL), name);
      if (!chart) throw new Error(`no chart ${JSON.stringify(repoURL)}${name ? ` named "${name}"` : ""} in the Freight being promoted`);
      return { RepoURL: chart.repoURL, Name: chart.name ?? "", Version: chart.version ?? "" };
    },
    warehouse: (name: unknown) => ({ kind: "Warehouse", name: String(name) }),
  };
}
