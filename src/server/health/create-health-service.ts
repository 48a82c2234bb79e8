import { Code, ConnectError } from "@connectrpc/connect";
import { Health } from "../../../gen/grpc/health/v1/health_pb.js";
import { implement, type ServiceImplementation } from "../service-implementation.js";
import type { ServingStatusBoard } from "./serving-status-board.js";

/**
 * grpc.health.v1.Health over a status board. Check answers NOT_FOUND for an
 * unknown service, as the gRPC health protocol asks; Watch streams the status
 * and its changes until the client leaves or the server shuts down.
 */
export function createHealthService(board: ServingStatusBoard): ServiceImplementation {
  return implement(Health, {
    check(req) {
      const status = board.get(req.service);
      if (status === undefined) {
        throw new ConnectError(`service "${req.service}" is not served here`, Code.NotFound);
      }
      return { status };
    },
    async *watch(req, ctx) {
      for await (const status of board.watch(req.service, ctx.signal)) {
        yield { status };
      }
    },
  });
}
