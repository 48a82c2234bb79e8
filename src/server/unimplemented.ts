import type { DescMethod, DescService } from "@bufbuild/protobuf";
import { Code, ConnectError, type ServiceImpl } from "@connectrpc/connect";

/** The error of an RPC whose service this server was built without, naming the procedure. */
export function unimplementedError(method: DescMethod): ConnectError {
  return new ConnectError(`${method.parent.typeName}.${method.name} is not implemented yet`, Code.Unimplemented);
}

/**
 * Handlers for a service the server was built without (a server assembled from some services
 * only, as protocol tests do): every method answers UNIMPLEMENTED naming itself
 * ("kargo.api.v1.StageService.GetStage is not implemented yet"), unary and streaming alike.
 * Services that are given must be complete (`implement`), so this never fills single methods.
 * `errorOf` replaces the error, for a service switched off by configuration.
 */
export function unimplementedService<S extends DescService>(service: S, errorOf: (method: DescMethod) => ConnectError = unimplementedError): ServiceImpl<S> {
  const handlers: Record<string, unknown> = {};
  for (const method of service.methods) {
    const error = errorOf(method);
    handlers[method.localName] =
      method.methodKind === "server_streaming" || method.methodKind === "bidi_streaming"
        ? // biome-ignore lint/correctness/useYield: a streaming handler must be a generator even when it only throws
          async function* () {
            throw error;
          }
        : async () => {
            throw error;
          };
  }
  return handlers as ServiceImpl<S>;
}
