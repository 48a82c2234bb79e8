import { create, createFileRegistry } from "@bufbuild/protobuf";
import type { GenService } from "@bufbuild/protobuf/codegenv2";
import { FileDescriptorProtoSchema, file_google_protobuf_empty, type EmptySchema } from "@bufbuild/protobuf/wkt";

type NopeService = GenService<{
  nothing: { methodKind: "unary"; input: typeof EmptySchema; output: typeof EmptySchema };
  stream: { methodKind: "server_streaming"; input: typeof EmptySchema; output: typeof EmptySchema };
}>;

/**
 * A service the server does not serve ("nope.v1.NopeService" with a unary
 * `Nothing` and a server-streaming `Stream`, both Empty → Empty), for
 * calling unknown procedures with real clients.
 */
export const unknownService = createFileRegistry(
  create(FileDescriptorProtoSchema, {
    name: "nope/v1/nope.proto",
    package: "nope.v1",
    syntax: "proto3",
    dependency: ["google/protobuf/empty.proto"],
    service: [
      {
        name: "NopeService",
        method: [
          { name: "Nothing", inputType: ".google.protobuf.Empty", outputType: ".google.protobuf.Empty" },
          { name: "Stream", inputType: ".google.protobuf.Empty", outputType: ".google.protobuf.Empty", serverStreaming: true },
        ],
      },
    ],
  }),
  () => file_google_protobuf_empty,
).getService("nope.v1.NopeService") as NopeService;
