import { create } from "@bufbuild/protobuf";
import { Code, ConnectError } from "@connectrpc/connect";
import { ListAuditRecordsResponseSchema, type ListAuditRecordsRequest, type ListAuditRecordsResponse } from "../../../gen/kargo/api/v1/audit_service_pb.js";
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from "../../kube/index.js";
import { decodeJsonToken, encodeJsonToken } from "../../util/json-token.js";
import type { AuditDeps } from "./audit-deps.js";
import { requireTrail } from "./require-trail.js";
import { toAuditRecord } from "./to-audit-record.js";

/**
 * AuditService.ListAuditRecords: a trail newest first. Pages are cut by record id (the token
 * carries the id to continue below and the trail it belongs to), so records appended while a
 * client pages never shift or repeat what it reads, unlike offset tokens.
 */
export function listAuditRecords(deps: AuditDeps) {
  return async function listAuditRecords(req: ListAuditRecordsRequest): Promise<ListAuditRecordsResponse> {
    const namespace = await requireTrail(deps, req.project);
    if (!Number.isInteger(req.pageSize) || req.pageSize < 0) {
      throw new ConnectError(`page_size must not be negative (got ${req.pageSize})`, Code.InvalidArgument);
    }
    const size = Math.min(req.pageSize === 0 ? DEFAULT_PAGE_SIZE : req.pageSize, MAX_PAGE_SIZE);
    const before = req.pageToken === "" ? undefined : beforeOf(req.pageToken, namespace);
    // One more than the page tells whether there is a next page.
    const rows = deps.audit.list(namespace, { ...(before !== undefined ? { before } : {}), limit: size + 1 });
    const page = rows.slice(0, size);
    const nextPageToken = rows.length > size ? encodeJsonToken({ b: page.at(-1)!.seq, p: namespace }) : "";
    return create(ListAuditRecordsResponseSchema, { records: page.map(toAuditRecord), nextPageToken, totalSize: deps.audit.count(namespace) });
  };
}

function beforeOf(token: string, namespace: string): number {
  const { b, p } = decodeJsonToken(token);
  if (typeof b !== "number" || !Number.isInteger(b) || b < 1 || typeof p !== "string") {
    throw new ConnectError("page_token is not a token this server issued", Code.InvalidArgument);
  }
  if (p !== namespace) throw new ConnectError("page_token belongs to another project's trail", Code.InvalidArgument);
  return b;
}
