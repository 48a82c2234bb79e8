import { timestampDate } from "@bufbuild/protobuf/wkt";
import { ControllerHeartbeatSchema, type ControllerHeartbeat } from "../../../gen/kargo/api/v1/system_service_pb.js";
import { formatAge } from "../format-age.js";
import { messageJson } from "../format-messages.js";
import type { Item, ResourceKind } from "./resource-kind.js";

const toItem = (h: ControllerHeartbeat, defaultController: string): Item => ({
  row: [
    h.controller === "" ? "(unnamed)" : h.controller,
    h.status,
    h.timestamp ? timestampDate(h.timestamp).toISOString() : "",
    h.timestamp ? formatAge(h.timestamp) : "",
    h.controller === defaultController ? "true" : "false",
  ],
  json: messageJson(ControllerHeartbeatSchema, h),
});

/** `get heartbeats`: SystemService.GetControllerHeartbeats, one row per controller, by name. */
export const heartbeats: ResourceKind = {
  name: "heartbeats",
  resource: "leases",
  aliases: ["heartbeat", "controllers"],
  project: "none",
  headers: ["CONTROLLER", "STATUS", "LAST HEARTBEAT", "AGE", "DEFAULT"],
  list: async (client) => {
    const r = await client.system.getControllerHeartbeats({});
    return Object.values(r.heartbeats)
      .sort((a, b) => a.controller.localeCompare(b.controller))
      .map((h) => toItem(h, r.defaultController));
  },
};
