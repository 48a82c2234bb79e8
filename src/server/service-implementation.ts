import type { DescService } from "@bufbuild/protobuf";
import type { ServiceImpl } from "@connectrpc/connect";

/** The handlers of one service: every method, so a handler left out is a compile error. */
export interface ServiceImplementation {
  readonly service: DescService;
  readonly impl: ServiceImpl<DescService>;
}

/**
 * Pairs a generated service with its handlers, type-checked against the service:
 * `implement(SystemService, { getVersionInfo, getPublicConfig, getConfig })`. An RPC that cannot
 * be served in some mode still has a handler, which answers UNIMPLEMENTED saying why.
 */
export function implement<S extends DescService>(service: S, impl: ServiceImpl<S>): ServiceImplementation {
  return { service, impl: impl as unknown as ServiceImpl<DescService> };
}
