import { ConfigMapService } from "../../../gen/kargo/api/v1/config_map_service_pb.js";
import { implement, type ServiceImplementation } from "../../server/service-implementation.js";
import type { ConfigMapDeps } from "./config-map-deps.js";
import { createConfigMap } from "./create-config-map.js";
import { deleteConfigMap } from "./delete-config-map.js";
import { getConfigMap } from "./get-config-map.js";
import { listConfigMaps } from "./list-config-maps.js";
import { updateConfigMap } from "./update-config-map.js";

/** ConfigMapService, all five RPCs. Authorization is the table's (core `configmaps` verbs in the scope's namespace). */
export function createConfigMapService(deps: ConfigMapDeps): ServiceImplementation {
  return implement(ConfigMapService, {
    createConfigMap: createConfigMap(deps),
    getConfigMap: getConfigMap(deps),
    listConfigMaps: listConfigMaps(deps),
    updateConfigMap: updateConfigMap(deps),
    deleteConfigMap: deleteConfigMap(deps),
  });
}
