import type { DescService } from "@bufbuild/protobuf";
import type { ServiceImpl } from "@connectrpc/connect";
import { implement, type ServiceImplementation } from "../../src/server/service-implementation.js";
import { unimplementedService } from "../../src/server/unimplemented.js";

/**
 * A stand-in service for protocol and interceptor tests: the given handlers, every other method
 * UNIMPLEMENTED. Production code must implement whole services (`implement` demands every method).
 */
export function implementSome<S extends DescService>(service: S, handlers: Partial<ServiceImpl<S>>): ServiceImplementation {
  return implement(service, { ...unimplementedService(service), ...handlers } as ServiceImpl<S>);
}
