import { create, createFileRegistry, type DescService } from "@bufbuild/protobuf";
import { FileDescriptorProtoSchema, file_google_protobuf_empty } from "@bufbuild/protobuf/wkt";

/**
 * A service the server does not serve ("nope.v1.NopeService" with a unary
 * `Nothing` and a server-streaming `Stream`, both Empty → Empty), for
 * calling unknown procedures with real clients.
 */
export const unknownService: DescService = createFileRegistry(
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
).getService("nope.v1.NopeService")!;
