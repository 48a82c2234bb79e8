import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { fromBinary } from "@bufbuild/protobuf";
import { FileDescriptorProtoSchema } from "@bufbuild/protobuf/wkt";
import { createClient } from "@connectrpc/connect";
import { createGrpcTransport } from "@connectrpc/connect-node";
import { ServerReflection, type ServerReflectionRequest } from "../../gen/grpc/reflection/v1/reflection_pb.js";
import { ServerReflection as ServerReflectionV1alpha } from "../../gen/grpc/reflection/v1alpha/reflection_pb.js";
import { apiServices } from "../../src/server/api-services.js";
import { useApiServer } from "../support/use-api-server.js";

const run = promisify(execFile);
const buf = new URL("../../node_modules/.bin/buf", import.meta.url).pathname;

describe("gRPC server reflection", () => {
  const api = useApiServer();
  const bufCurl = async (...args: string[]) => (await run(buf, ["curl", "--protocol", "grpc", "--http2-prior-knowledge", ...args])).stdout;

  describe("with buf curl", () => {
    it("lists every kargo.api.v1 service, health and reflection", async () => {
      const listed = (await bufCurl("--list-services", api.baseUrl)).trim().split("\n");
      expect(listed).toEqual(
        [
          ...apiServices.map((s) => s.typeName),
          "grpc.health.v1.Health",
          "grpc.reflection.v1.ServerReflection",
          "grpc.reflection.v1alpha.ServerReflection",
        ].sort(),
      );
    });

    it("calls GetVersionInfo with the schema it got by reflection and prints JSON", async () => {
      const out = JSON.parse(await bufCurl(`${api.baseUrl}/kargo.api.v1.SystemService/GetVersionInfo`));
      expect(out.versionInfo.version).toBe("0.1.0");
      expect(out.versionInfo.nodeVersion).toBe(process.version);
    });

    it("gets SERVING from Health/Check", async () => {
      const out = JSON.parse(await bufCurl(`${api.baseUrl}/grpc.health.v1.Health/Check`));
      expect(out).toEqual({ status: "SERVING" });
    });
  });

  describe("answering requests directly", () => {
    const ask = async (requests: Partial<ServerReflectionRequest>[], alpha = false) => {
      const transport = createGrpcTransport({ baseUrl: api.baseUrl });
      const client = createClient(alpha ? ServerReflectionV1alpha : ServerReflection, transport);
      const answers = [];
      for await (const res of client.serverReflectionInfo(
        (async function* () {
          yield* requests as never[];
        })(),
      )) {
        answers.push(res);
      }
      return answers;
    };

    it("returns the file of a method with its dependencies, transitively, each once", async () => {
      const [res] = await ask([{ messageRequest: { case: "fileContainingSymbol", value: "kargo.api.v1.StageService.GetStage" } }]);
      expect(res.messageResponse.case).toBe("fileDescriptorResponse");
      const names = (res.messageResponse.value as { fileDescriptorProto: Uint8Array[] }).fileDescriptorProto.map(
        (b) => fromBinary(FileDescriptorProtoSchema, b).name,
      );
      expect(names[0]).toBe("kargo/api/v1/stage_service.proto");
      expect(names).toContain("kargo/api/v1/stage.proto");
      expect(names).toContain("google/protobuf/timestamp.proto");
      expect(new Set(names).size).toBe(names.length);
    });

    it("resolves google.rpc.BadRequest, the error detail field errors carry", async () => {
      const [res] = await ask([{ messageRequest: { case: "fileContainingSymbol", value: "google.rpc.BadRequest" } }]);
      expect(res.messageResponse.case).toBe("fileDescriptorResponse");
      const names = (res.messageResponse.value as { fileDescriptorProto: Uint8Array[] }).fileDescriptorProto.map(
        (b) => fromBinary(FileDescriptorProtoSchema, b).name,
      );
      expect(names).toEqual(["google/rpc/error_details.proto"]);
    });

    it("answers file_by_filename, and each request of a stream in order, on v1alpha too", async () => {
      const answers = await ask(
        [
          { host: "h", messageRequest: { case: "fileByFilename", value: "grpc/health/v1/health.proto" } },
          { messageRequest: { case: "listServices", value: "" } },
        ],
        true,
      );
      expect(answers.map((a) => a.messageResponse.case)).toEqual(["fileDescriptorResponse", "listServicesResponse"]);
      expect(answers[0].validHost).toBe("h");
    });

    it("answers an unknown symbol with error_response NOT_FOUND and keeps the stream going", async () => {
      const answers = await ask([
        { messageRequest: { case: "fileContainingSymbol", value: "kargo.api.v1.NoSuchThing" } },
        { messageRequest: { case: "fileByFilename", value: "nope.proto" } },
        { messageRequest: { case: "listServices", value: "" } },
      ]);
      expect(answers.map((a) => a.messageResponse.case)).toEqual(["errorResponse", "errorResponse", "listServicesResponse"]);
      expect(answers[0].messageResponse.value).toMatchObject({ errorCode: 5, errorMessage: 'symbol "kargo.api.v1.NoSuchThing" not found' });
    });
  });
});
