import { create } from "@bufbuild/protobuf";
import { timestampFromDate } from "@bufbuild/protobuf/wkt";
import { AuditRecordSchema, type AuditRecord } from "../../../gen/kargo/api/v1/audit_service_pb.js";
import type { AuditRecordRow } from "../../audit/audit-store.js";

/** A stored audit record as the API's message. */
export function toAuditRecord(row: AuditRecordRow): AuditRecord {
  return create(AuditRecordSchema, {
    id: String(row.seq),
    time: timestampFromDate(new Date(row.time)),
    actor: row.actor,
    rpc: row.rpc,
    object: { kind: row.kind, namespace: row.namespace, name: row.name },
    code: row.code,
  });
}
