import * as grpc from "@grpc/grpc-js";
import { create, fromBinary, toBinary, type DescMessage, type MessageShape } from "@bufbuild/protobuf";
import { createClient } from "@connectrpc/connect";
import { createConnectTransport } from "@connectrpc/connect-node";
import { HealthCheckRequestSchema, HealthCheckResponseSchema, HealthCheckResponse_ServingStatus } from "../../gen/grpc/health/v1/health_pb.js";
import { GetVersionInfoRequestSchema, GetVersionInfoResponseSchema, SystemService } from "../../gen/kargo/api/v1/system_service_pb.js";
import { StageService, GetStageRequestSchema, GetStageResponseSchema } from "../../gen/kargo/api/v1/stage_service_pb.js";
import { useApiServer } from "../support/use-api-server.js";

/** One unary call with @grpc/grpc-js, (de)serialising with protobuf-es. */
function call<I extends DescMessage, O extends DescMessage>(
  client: grpc.Client,
  path: string,
  input: I,
  output: O,
  request: MessageShape<I>,
): Promise<MessageShape<O>> {
  return new Promise((resolve, reject) => {
    client.makeUnaryRequest(
      path,
      (m: MessageShape<I>) => Buffer.from(toBinary(input, m)),
      (b: Buffer) => fromBinary(output, b),
      request,
      (err, res) => (err ? reject(err) : resolve(res!)),
    );
  });
}

describe("@grpc/grpc-js as an independent gRPC client", () => {
  const api = useApiServer();
  let client: grpc.Client;
  beforeAll(() => {
    client = new grpc.Client(new URL(api.baseUrl).host, grpc.credentials.createInsecure());
  });
  afterAll(() => client.close());

  it("gets the same GetVersionInfo answer as a Connect client", async () => {
    const viaGrpcJs = await call(client, "/kargo.api.v1.SystemService/GetVersionInfo", GetVersionInfoRequestSchema, GetVersionInfoResponseSchema, {
      $typeName: "kargo.api.v1.GetVersionInfoRequest",
    });
    const viaConnect = await createClient(SystemService, createConnectTransport({ baseUrl: api.baseUrl, httpVersion: "1.1" })).getVersionInfo({});
    expect(viaGrpcJs.versionInfo?.gitCommit).toBe(viaConnect.versionInfo?.gitCommit);
    expect(viaGrpcJs).toEqual(viaConnect);
  });

  it("gets SERVING from grpc.health.v1.Health/Check", async () => {
    const res = await call(client, "/grpc.health.v1.Health/Check", HealthCheckRequestSchema, HealthCheckResponseSchema, {
      $typeName: "grpc.health.v1.HealthCheckRequest",
      service: "",
    });
    expect(res.status).toBe(HealthCheckResponse_ServingStatus.SERVING);
  });

  it("gets status UNIMPLEMENTED with the procedure's name for an RPC without a handler", async () => {
    const err = await call(
      client,
      `/${StageService.typeName}/GetStage`,
      GetStageRequestSchema,
      GetStageResponseSchema,
      create(GetStageRequestSchema, { project: "demo", name: "prod" }),
    ).catch((e: grpc.ServiceError) => e);
    expect((err as grpc.ServiceError).code).toBe(grpc.status.UNIMPLEMENTED);
    expect((err as grpc.ServiceError).details).toBe("kargo.api.v1.StageService.GetStage is not implemented yet");
  });

  it("gets status UNIMPLEMENTED for an unknown procedure", async () => {
    const err = await call(client, "/kargo.api.v1.NoSuchService/Nothing", HealthCheckRequestSchema, HealthCheckResponseSchema, {
      $typeName: "grpc.health.v1.HealthCheckRequest",
      service: "",
    }).catch((e: grpc.ServiceError) => e);
    expect((err as grpc.ServiceError).code).toBe(grpc.status.UNIMPLEMENTED);
    expect((err as grpc.ServiceError).details).toBe("/kargo.api.v1.NoSuchService/Nothing is not a procedure served here");
  });
});
