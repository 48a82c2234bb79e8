import { create } from "@bufbuild/protobuf";
import { timestampFromDate } from "@bufbuild/protobuf/wkt";
import { Code, ConnectError } from "@connectrpc/connect";
import {
  ControllerHeartbeatSchema,
  GetControllerHeartbeatsResponseSchema,
  type ControllerHeartbeat,
  type GetControllerHeartbeatsResponse,
} from "../../../gen/kargo/api/v1/system_service_pb.js";
import type { Config } from "../../config/config.js";
import { CONTROLLER_LABEL, livenessOf } from "../../domain/controller-heartbeat.js";
import { RESOURCES, type KubeCaches } from "../../kube/index.js";

/**
 * SystemService.GetControllerHeartbeats (Kargo's `GET /v1beta1/system/controller-heartbeats`): the
 * Leases labelled `kargo.akuity.io/controller` in the Kargo namespace, read from the server's Lease
 * cache (scoped to that namespace), each reported Alive while its last renewal is younger than its
 * lease duration. Embedded mode: the embedded controllers' Lease; Kubernetes mode: those Kargo's
 * controllers write (versions with heartbeats) — the server needs get/list/watch on leases there.
 * Like Kargo, any authenticated caller may ask (operational, non-sensitive information).
 */
export function getControllerHeartbeats(config: Config, caches: KubeCaches | undefined) {
  return async function getControllerHeartbeats(): Promise<GetControllerHeartbeatsResponse> {
    if (caches === undefined)
      throw new ConnectError("controller heartbeats need the Kubernetes API, which this server was started without", Code.Unimplemented);
    const cache = caches.cache(RESOURCES.leases);
    await cache.synced;
    const now = new Date();
    const heartbeats: Record<string, ControllerHeartbeat> = {};
    for (const lease of cache.list(config.kargo.namespace, (l) => l.metadata.labels?.[CONTROLLER_LABEL] !== undefined)) {
      const liveness = livenessOf(lease, now);
      heartbeats[liveness.controller] = create(ControllerHeartbeatSchema, {
        controller: liveness.controller,
        status: liveness.alive ? "Alive" : "Dead",
        ...(liveness.renewedAt ? { timestamp: timestampFromDate(liveness.renewedAt) } : {}),
        leaseDurationSeconds: liveness.leaseDurationSeconds ?? 0,
      });
    }
    return create(GetControllerHeartbeatsResponseSchema, { heartbeats, defaultController: "" });
  };
}
