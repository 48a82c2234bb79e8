import type { AuditStore } from "../../audit/audit-store.js";
import type { ServiceDeps } from "../create-services.js";

/** What the AuditService handlers need. */
export type AuditDeps = Pick<ServiceDeps, "caches" | "kube" | "config"> & { readonly audit: AuditStore };
