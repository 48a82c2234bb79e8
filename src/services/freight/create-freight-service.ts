import { FreightService } from "../../../gen/kargo/api/v1/freight_service_pb.js";
import { implement, type ServiceImplementation } from "../../server/service-implementation.js";
import type { ServiceDeps } from "../create-services.js";
import { approveFreight } from "./approve-freight.js";
import { createFreight } from "./create-freight.js";
import { deleteFreight } from "./delete-freight.js";
import { getFreight } from "./get-freight.js";
import { getFreightLinks } from "./get-freight-links.js";
import { queryFreight } from "./query-freight.js";
import { updateFreightAlias } from "./update-freight-alias.js";
import { watchFreight } from "./watch-freight.js";

/** FreightService, every RPC. Authorization is the interceptor's (authorization-table.ts). */
export function createFreightService(deps: ServiceDeps): ServiceImplementation {
  return implement(FreightService, {
    queryFreight: queryFreight(deps),
    getFreight: getFreight(deps),
    createFreight: createFreight(deps),
    approveFreight: approveFreight(deps),
    updateFreightAlias: updateFreightAlias(deps),
    deleteFreight: deleteFreight(deps),
    watchFreight: watchFreight(deps),
    getFreightLinks: getFreightLinks(deps),
  });
}
