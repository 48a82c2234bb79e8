import { timestampDate } from "@bufbuild/protobuf/wkt";
import { AuditRecordSchema, type AuditRecord } from "../../../gen/kargo/api/v1/audit_service_pb.js";
import { watchResumable } from "../../client/watch-resumable.js";
import { messageJson } from "../format-messages.js";
import { allPages } from "./all-pages.js";
import type { Item, ResourceKind } from "./resource-kind.js";
import { watchItems } from "./watch-items.js";

const toItem = (r: AuditRecord): Item => ({
  row: [
    r.time ? timestampDate(r.time).toISOString() : "",
    r.actor,
    r.rpc.replace(/^kargo\.api\.v1\./u, ""),
    `${r.object?.kind ?? ""}/${r.object?.name ?? ""}`,
    r.code,
  ],
  json: messageJson(AuditRecordSchema, r),
});

/**
 * `get audit`: AuditService.ListAuditRecords (newest first) and, with --watch, WatchAuditRecords
 * (new records as they are written). Its RBAC resource is events: reading a project's Events is
 * what allows reading its trail.
 */
export const audit: ResourceKind = {
  name: "audit",
  resource: "events",
  aliases: ["audits", "audit-records"],
  project: "required",
  headers: ["TIME", "ACTOR", "RPC", "OBJECT", "CODE"],
  list: async (client, project) =>
    (
      await allPages(async (pageToken) => {
        const r = await client.audit.listAuditRecords({ project, pageToken });
        return { items: r.records, nextPageToken: r.nextPageToken };
      })
    ).map(toItem),
  watch: (client, project, _name, signal) => watchItems(watchResumable(client.audit.watchAuditRecords, { project }, { signal }), (r) => r.record, toItem),
};
