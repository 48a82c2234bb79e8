import { Code, ConnectError, createClient, createRouterTransport } from "@connectrpc/connect";
import { Health, HealthCheckResponse_ServingStatus as Status } from "../../gen/grpc/health/v1/health_pb.js";
import { createHealthService } from "../../src/server/health/create-health-service.js";
import { ServingStatusBoard } from "../../src/server/health/serving-status-board.js";

describe("grpc.health.v1.Health", () => {
  const setup = () => {
    const board = new ServingStatusBoard(["kargo.api.v1.SystemService"]);
    const { impl } = createHealthService(board);
    const client = createClient(
      Health,
      createRouterTransport((router) => router.service(Health, impl)),
    );
    return { board, client };
  };

  describe("Check", () => {
    it("answers NOT_SERVING before the server listens and SERVING after", async () => {
      const { board, client } = setup();
      expect((await client.check({})).status).toBe(Status.NOT_SERVING);
      board.setAll(Status.SERVING);
      expect((await client.check({ service: "kargo.api.v1.SystemService" })).status).toBe(Status.SERVING);
    });

    it("answers NOT_FOUND for a service that is not served", async () => {
      const err = await setup()
        .client.check({ service: "nope.v1.Nope" })
        .catch((e: unknown) => ConnectError.from(e));
      expect([(err as ConnectError).code, (err as ConnectError).rawMessage]).toEqual([Code.NotFound, 'service "nope.v1.Nope" is not served here']);
    });
  });

  describe("Watch", () => {
    it("sends the status, then each change once, until the client leaves", async () => {
      const { board, client } = setup();
      board.setAll(Status.SERVING);
      const abort = new AbortController();
      const seen: Status[] = [];
      for await (const res of client.watch({ service: "kargo.api.v1.SystemService" }, { signal: abort.signal })) {
        seen.push(res.status);
        if (seen.length === 1) {
          board.setAll(Status.SERVING); // no change: not sent
          board.setAll(Status.NOT_SERVING);
        } else {
          abort.abort();
          break;
        }
      }
      expect(seen).toEqual([Status.SERVING, Status.NOT_SERVING]);
    });

    it("sends SERVICE_UNKNOWN for a service that is not served, without failing", async () => {
      const abort = new AbortController();
      for await (const res of setup().client.watch({ service: "nope.v1.Nope" }, { signal: abort.signal })) {
        expect(res.status).toBe(Status.SERVICE_UNKNOWN);
        abort.abort();
        break;
      }
    });
  });
});
