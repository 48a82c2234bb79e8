import type { DescService } from "@bufbuild/protobuf";
import type { ServiceImpl } from "@connectrpc/connect";

/**
 * The handlers one service provides so far. Methods left out answer
 * UNIMPLEMENTED until their issue lands (see `routes.ts`).
 */
export interface ServiceImplementation {
  readonly service: DescService;
  readonly impl: Partial<ServiceImpl<DescService>>;
}

/**
 * Pairs a generated service with (some of) its handlers, type-checked
 * against the service: `implement(SystemService, { getVersionInfo })`.
 */
export function implement<S extends DescService>(service: S, impl: Partial<ServiceImpl<S>>): ServiceImplementation {
  return { service, impl: impl as Partial<ServiceImpl<DescService>> };
}
