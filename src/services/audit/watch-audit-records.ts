import { create } from "@bufbuild/protobuf";
import { Code, ConnectError, type HandlerContext } from "@connectrpc/connect";
import { WatchAuditRecordsResponseSchema, type WatchAuditRecordsRequest, type WatchAuditRecordsResponse } from "../../../gen/kargo/api/v1/audit_service_pb.js";
import { WatchEventType } from "../../../gen/kargo/api/v1/watch_pb.js";
import type { AuditRecordRow } from "../../audit/audit-store.js";
import type { AuditDeps } from "./audit-deps.js";
import { requireTrail } from "./require-trail.js";
import { toAuditRecord } from "./to-audit-record.js";

/** Records read from the file per query while catching up. */
const BATCH = 500;

/**
 * AuditService.WatchAuditRecords. The trail is its own durable history, so a resume works across
 * restarts: the records after `resource_version` are read from the file, then new ones follow.
 * New records of this process wake the stream at once; the file is also read again at every
 * heartbeat, which picks up records other processes sharing the file appended. Positions are
 * the trail's sequence numbers (shared by all namespaces), so a BOOKMARK's version is a resume
 * point too.
 */
export function watchAuditRecords(deps: AuditDeps) {
  return async function* watchAuditRecords(req: WatchAuditRecordsRequest, context: HandlerContext): AsyncGenerator<WatchAuditRecordsResponse> {
    const namespace = await requireTrail(deps, req.project);
    const last = deps.audit.lastSeq();
    let position = last;
    if (req.resourceVersion !== "") {
      if (!/^\d{1,15}$/.test(req.resourceVersion)) throw new ConnectError(`resource_version "${req.resourceVersion}" is not a record id`, Code.InvalidArgument);
      position = Number(req.resourceVersion);
      if (position > last) throw new ConnectError(`resource_version ${position} is newer than the trail (last record ${last}); relist`, Code.OutOfRange);
      if (position < deps.audit.prunedThrough()) {
        throw new ConnectError(`records after ${position} were deleted by retention (through ${deps.audit.prunedThrough()}); relist`, Code.OutOfRange);
      }
    }
    const bookmark = (version: number) => create(WatchAuditRecordsResponseSchema, { type: WatchEventType.BOOKMARK, resourceVersion: String(version) });
    const added = (row: AuditRecordRow) =>
      create(WatchAuditRecordsResponseSchema, { type: WatchEventType.ADDED, record: toAuditRecord(row), resourceVersion: String(row.seq) });

    // Woken by this process's appends and by the heartbeat; what to send is always read from the file.
    let wake: (() => void) | undefined;
    let pending = false;
    const poke = () => {
      pending = true;
      wake?.();
    };
    const unsubscribe = deps.audit.subscribe((row) => {
      if (row.namespace === namespace) poke();
    });
    const heartbeat = setInterval(() => {
      beat = true;
      poke();
    }, deps.config.watchHeartbeatIntervalMs);
    heartbeat.unref();
    let beat = false;
    const aborted = new Promise<void>((resolve) => context.signal.addEventListener("abort", () => resolve(), { once: true }));
    try {
      if (req.resourceVersion === "") yield bookmark(position);
      for (;;) {
        // Read first: every record up to it is committed, so the drain below sees all of them.
        const end = deps.audit.lastSeq();
        for (let rows = deps.audit.since(namespace, position, BATCH); rows.length > 0; rows = deps.audit.since(namespace, position, BATCH)) {
          if (position < deps.audit.prunedThrough())
            throw new ConnectError(`records after ${position} were deleted by retention while being sent; relist`, Code.OutOfRange);
          for (const row of rows) {
            position = row.seq;
            yield added(row);
          }
        }
        // Nothing of this trail lies between the last record sent and `end`.
        position = Math.max(position, end);
        if (beat) {
          beat = false;
          yield bookmark(position);
        }
        if (context.signal.aborted) return;
        if (!pending) await Promise.race([new Promise<void>((resolve) => (wake = resolve)), aborted]);
        wake = undefined;
        pending = false;
        if (context.signal.aborted) return;
      }
    } finally {
      clearInterval(heartbeat);
      unsubscribe();
    }
  };
}
