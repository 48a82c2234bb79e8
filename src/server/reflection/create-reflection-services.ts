import { Code } from "@connectrpc/connect";
import {
  ServerReflection as ServerReflectionV1,
  type ServerReflectionRequest,
  type ServerReflectionResponse,
} from "../../../gen/grpc/reflection/v1/reflection_pb.js";
import { ServerReflection as ServerReflectionV1alpha } from "../../../gen/grpc/reflection/v1alpha/reflection_pb.js";
import type { MessageInitShape } from "@bufbuild/protobuf";
import type { ServerReflectionResponseSchema } from "../../../gen/grpc/reflection/v1/reflection_pb.js";
import { implement, type ServiceImplementation } from "../service-implementation.js";
import type { DescriptorIndex } from "./descriptor-index.js";

type Answer = Omit<MessageInitShape<typeof ServerReflectionResponseSchema>, "originalRequest">["messageResponse"];

/**
 * gRPC server reflection, v1 and v1alpha (identical on the wire apart from
 * the package), answering each request on the stream in order from the
 * descriptor index. Questions it cannot answer get an error_response on the
 * stream (NOT_FOUND for unknown files and symbols), never a failed stream.
 */
export function createReflectionServices(index: DescriptorIndex): ServiceImplementation[] {
  async function* serverReflectionInfo(requests: AsyncIterable<ServerReflectionRequest>) {
    for await (const req of requests) {
      yield {
        validHost: req.host,
        originalRequest: req,
        messageResponse: answer(index, req),
      } as MessageInitShape<typeof ServerReflectionResponseSchema> as ServerReflectionResponse;
    }
  }
  return [
    implement(ServerReflectionV1, { serverReflectionInfo }),
    // v1alpha messages have the same fields; only their type names differ, and those are not on the wire.
    implement(ServerReflectionV1alpha, { serverReflectionInfo: serverReflectionInfo as never }),
  ];
}

function answer(index: DescriptorIndex, req: ServerReflectionRequest): Answer {
  const files = (file: ReturnType<DescriptorIndex["fileByName"]>, what: string): Answer =>
    file
      ? { case: "fileDescriptorResponse", value: { fileDescriptorProto: index.serializedWithDependencies(file) } }
      : error(Code.NotFound, `${what} not found`);
  const q = req.messageRequest;
  switch (q.case) {
    case "listServices":
      return { case: "listServicesResponse", value: { service: index.serviceNames.map((name) => ({ name })) } };
    case "fileByFilename":
      return files(index.fileByName(q.value), `file "${q.value}"`);
    case "fileContainingSymbol":
      return files(index.fileBySymbol(q.value), `symbol "${q.value}"`);
    case "fileContainingExtension":
      // None of the served files declares extensions.
      return error(Code.NotFound, `extension ${q.value.extensionNumber} of "${q.value.containingType}" not found`);
    case "allExtensionNumbersOfType":
      return index.fileBySymbol(q.value)
        ? { case: "allExtensionNumbersResponse", value: { baseTypeName: q.value, extensionNumber: [] } }
        : error(Code.NotFound, `type "${q.value}" not found`);
    default:
      return error(Code.InvalidArgument, "the request asks nothing");
  }
}

function error(code: Code, message: string): Answer {
  return { case: "errorResponse", value: { errorCode: code, errorMessage: message } };
}
