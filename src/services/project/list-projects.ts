import { create } from "@bufbuild/protobuf";
import type { HandlerContext } from "@connectrpc/connect";
import type { ListProjectsRequest, ListProjectsResponse } from "../../../gen/kargo/api/v1/project_service_pb.js";
import { ListProjectsResponseSchema } from "../../../gen/kargo/api/v1/project_service_pb.js";
import { ProjectSchema } from "../../../gen/kargo/api/v1/project_pb.js";
import { identityKey } from "../../auth/identity-context.js";
import type { Identity } from "../../auth/identity.js";
import { RESOURCES, toMessage, type KubeObject } from "../../kube/index.js";
import { listCached, pageOf } from "../common/index.js";
import type { ServiceDeps } from "../create-services.js";
import { withProjectStats } from "./with-project-stats.js";

/**
 * ProjectService.ListProjects (docs/api-behaviour.md, ProjectService): projects from the cache, sorted by name,
 * then `mine`, the case-insensitive `filter` on the name and `uids`, then one page; each with
 * `status.stats` computed from the caches (withProjectStats).
 *
 * Better than Kargo: the filters are one predicate, so `filter` + `uids` cannot return a project
 * twice; the order is fixed (by name) before paging, so pages are stable.
 */
export function listProjects(deps: Pick<ServiceDeps, "caches" | "auth">) {
  return async function listProjects(req: ListProjectsRequest, context: HandlerContext): Promise<ListProjectsResponse> {
    const mine = req.mine ? mineOf(deps, context.values.get(identityKey)) : undefined;
    const needle = req.filter.toLowerCase();
    const uids = new Set(req.uids);
    const projects = await listCached(deps.caches.cache(RESOURCES.projects), undefined, (p: KubeObject) => {
      const name = p.metadata.name ?? "";
      if (mine !== undefined && !mine.has(name)) return false;
      if (needle !== "" && !name.toLowerCase().includes(needle)) return false;
      return uids.size === 0 || uids.has(p.metadata.uid ?? "");
    });
    const { items, nextPageToken, totalSize } = pageOf(projects, req, { filter: needle, uids: [...uids].sort(), mine: req.mine });
    const withStats = await Promise.all(items.map((p) => withProjectStats(deps.caches, p)));
    return create(ListProjectsResponseSchema, { projects: withStats.map((p) => toMessage(ProjectSchema, p)), nextPageToken, totalSize });
  };
}

/**
 * The projects the caller is mapped into: namespaces of the ServiceAccounts its OIDC claims map to
 * (the claims index, already in memory), or its own ServiceAccount's namespace for a
 * ServiceAccount token. The admin is mapped to no ServiceAccount, so — as in Kargo — "mine" is
 * empty for the admin; the admin sees every project without `mine`.
 */
function mineOf(deps: Pick<ServiceDeps, "auth">, identity: Identity | undefined): Set<string> {
  if (identity?.kind === "oidc" && deps.auth) {
    return new Set(deps.auth.claimsIndex.serviceAccountsFor(identity.claims).map((sa) => sa.namespace));
  }
  if (identity?.kind === "kubernetes" && identity.serviceAccount) return new Set([identity.serviceAccount.namespace]);
  return new Set();
}
