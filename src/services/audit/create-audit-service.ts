import { AuditService } from "../../../gen/kargo/api/v1/audit_service_pb.js";
import { implement, type ServiceImplementation } from "../../server/service-implementation.js";
import type { AuditDeps } from "./audit-deps.js";
import { listAuditRecords } from "./list-audit-records.js";
import { watchAuditRecords } from "./watch-audit-records.js";

/** AuditService: the audit trail src/audit records. Authorization is the interceptor's (authorization-table.ts). */
export function createAuditService(deps: AuditDeps): ServiceImplementation {
  return implement(AuditService, {
    listAuditRecords: listAuditRecords(deps),
    watchAuditRecords: watchAuditRecords(deps),
  });
}
