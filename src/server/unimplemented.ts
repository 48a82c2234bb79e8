import type { DescMethod, DescService } from "@bufbuild/protobuf";
import { Code, ConnectError, type ServiceImpl } from "@connectrpc/connect";

/** The error of an RPC that has no handler yet, naming the procedure. */
export function unimplementedError(method: DescMethod): ConnectError {
  return new ConnectError(`${method.parent.typeName}.${method.name} is not implemented yet`, Code.Unimplemented);
}

/**
 * Completes a partial implementation: every method without a handler answers
 * UNIMPLEMENTED with a message naming itself
 * ("kargo.api.v1.StageService.GetStage is not implemented yet"), for unary
 * and streaming methods alike.
 */
export function withUnimplemented<S extends DescService>(service: S, impl: Partial<ServiceImpl<S>>): ServiceImpl<S> {
  const full: Record<string, unknown> = { ...impl };
  for (const method of service.methods) {
    if (full[method.localName] !== undefined) {
      continue;
    }
    const error = unimplementedError(method);
    full[method.localName] =
      method.methodKind === "server_streaming" || method.methodKind === "bidi_streaming"
        ? // eslint-disable-next-line require-yield
          async function* () {
            throw error;
          }
        : async () => {
            throw error;
          };
  }
  return full as ServiceImpl<S>;
}
