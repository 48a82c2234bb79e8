import { Code, ConnectError, createClient } from "@connectrpc/connect";
import { Health, HealthCheckResponse_ServingStatus } from "../../gen/grpc/health/v1/health_pb.js";
import { StageService } from "../../gen/kargo/api/v1/stage_service_pb.js";
import { SystemService } from "../../gen/kargo/api/v1/system_service_pb.js";
import { transportCases } from "../support/transports.js";
import { useApiServer } from "../support/use-api-server.js";

describe("API server protocols", () => {
  const api = useApiServer();

  describe.each(transportCases)("$name", ({ make }) => {
    it("answers a unary call (SystemService.GetVersionInfo)", async () => {
      const client = createClient(SystemService, make(api.baseUrl));
      const res = await client.getVersionInfo({});
      expect(res.versionInfo?.version).toBe("0.1.0");
      expect(res.versionInfo?.nodeVersion).toBe(process.version);
      expect(res.versionInfo?.platform).toBe(`${process.platform}/${process.arch}`);
    });

    it("streams a server-streaming call (Health.Watch) until the client leaves", async () => {
      const client = createClient(Health, make(api.baseUrl));
      const abort = new AbortController();
      const seen: HealthCheckResponse_ServingStatus[] = [];
      for await (const res of client.watch({ service: "kargo.api.v1.SystemService" }, { signal: abort.signal })) {
        seen.push(res.status);
        abort.abort();
        break;
      }
      expect(seen).toEqual([HealthCheckResponse_ServingStatus.SERVING]);
    });

    it("carries an error code and message (an RPC without a handler is UNIMPLEMENTED)", async () => {
      const client = createClient(StageService, make(api.baseUrl));
      const err = await client.getStage({ project: "demo", name: "prod" }).then(
        () => undefined,
        (e: unknown) => ConnectError.from(e),
      );
      expect(err?.code).toBe(Code.Unimplemented);
      expect(err?.rawMessage).toBe("kargo.api.v1.StageService.GetStage is not implemented yet");
    });

    it("ends a server stream with an error code (WatchStages is UNIMPLEMENTED)", async () => {
      const client = createClient(StageService, make(api.baseUrl));
      const err = await (async () => {
        for await (const _ of client.watchStages({ project: "demo" })) {
          // no messages expected
        }
      })().then(
        () => undefined,
        (e: unknown) => ConnectError.from(e),
      );
      expect(err?.code).toBe(Code.Unimplemented);
      expect(err?.rawMessage).toBe("kargo.api.v1.StageService.WatchStages is not implemented yet");
    });
  });
});
