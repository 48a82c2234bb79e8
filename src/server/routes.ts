import type { DescService } from "@bufbuild/protobuf";
import type { ConnectRouter } from "@connectrpc/connect";
import { Health } from "../../gen/grpc/health/v1/health_pb.js";
import { ServerReflection as ServerReflectionV1 } from "../../gen/grpc/reflection/v1/reflection_pb.js";
import { ServerReflection as ServerReflectionV1alpha } from "../../gen/grpc/reflection/v1alpha/reflection_pb.js";
import { apiServices } from "./api-services.js";
import { createHealthService } from "./health/create-health-service.js";
import type { ServingStatusBoard } from "./health/serving-status-board.js";
import { createReflectionServices } from "./reflection/create-reflection-services.js";
import type { DescriptorIndex } from "./reflection/descriptor-index.js";
import type { ServiceImplementation } from "./service-implementation.js";
import { unimplementedService } from "./unimplemented.js";

/** Every service the server serves: the API, health and reflection (v1 and v1alpha). */
export const servedServices: readonly DescService[] = [...apiServices, Health, ServerReflectionV1, ServerReflectionV1alpha];

/** What the routes are made of. */
export interface RouteDeps {
  /** Handlers of the API services, at most one entry per service. */
  readonly services: readonly ServiceImplementation[];
  readonly health: ServingStatusBoard;
  readonly reflection: DescriptorIndex;
}

/**
 * The one place RPCs are registered: every kargo.api.v1 service (a service the server was built
 * without answers UNIMPLEMENTED naming each method), then
 * grpc.health.v1.Health and gRPC server reflection v1 and v1alpha. Throws on
 * an implementation of a service that is not served or given twice, which
 * is a wiring mistake.
 */
export function createRoutes(deps: RouteDeps): (router: ConnectRouter) => void {
  const byName = new Map<string, ServiceImplementation>();
  for (const s of deps.services) {
    if (!apiServices.includes(s.service)) {
      throw new Error(`${s.service.typeName} is not a kargo.api.v1 service listed in api-services.ts`);
    }
    if (byName.has(s.service.typeName)) {
      throw new Error(`${s.service.typeName} is implemented twice`);
    }
    byName.set(s.service.typeName, s);
  }
  const builtIn = [createHealthService(deps.health), ...createReflectionServices(deps.reflection)];
  return (router) => {
    for (const service of apiServices) {
      router.service(service, byName.get(service.typeName)?.impl ?? unimplementedService(service));
    }
    for (const s of builtIn) {
      router.service(s.service, s.impl);
    }
  };
}
