import * as http2 from "node:http2";
import type { AddressInfo } from "node:net";
import { fromBinary, type DescMessage, type MessageShape } from "@bufbuild/protobuf";
import type { ConnectRouter } from "@connectrpc/connect";
import { connectNodeAdapter } from "@connectrpc/connect-node";
import { FreightService, QueryFreightResponseSchema } from "../../gen/kargo/api/v1/freight_service_pb.js";
import { PromotionService, WatchPromotionsResponseSchema, type WatchPromotionsResponse } from "../../gen/kargo/api/v1/promotion_service_pb.js";
import { GetPublicConfigResponseSchema, SystemService } from "../../gen/kargo/api/v1/system_service_pb.js";
import { GetStageResponseSchema, ListStagesResponseSchema, StageService } from "../../gen/kargo/api/v1/stage_service_pb.js";
import { WatchEventType } from "../../gen/kargo/api/v1/watch_pb.js";

/** The floor: a bare connect-node server (no interceptors, no auth, no caches) over h2c. */
export interface FloorServer {
  readonly url: string;
  /** Sets the pre-built response of a unary RPC ("getStage", "listStages", "queryFreight", "getPublicConfig"). */
  setMessage(key: string, bytes: Uint8Array): void;
  /** Sends `bytes` (a WatchPromotionsResponse) to every open WatchPromotions stream; returns their number. */
  broadcast(bytes: Uint8Array): number;
  readonly streams: () => number;
  close(): Promise<void>;
}

/**
 * Starts the floor server on 127.0.0.1 port 0: unary handlers that return a pre-built message
 * (decoded once, when set, so a call only serialises it, as a cached read does), and a
 * WatchPromotions that sends a BOOKMARK, then every broadcast message, until the client leaves.
 */
export async function startFloorServer(): Promise<FloorServer> {
  const messages = new Map<string, unknown>();
  const listeners = new Set<(message: WatchPromotionsResponse) => void>();
  const prebuilt = <D extends DescMessage>(key: string, _schema: D): MessageShape<D> => {
    const message = messages.get(key);
    if (message === undefined) throw new Error(`floor: no message for ${key}`);
    return message as MessageShape<D>;
  };
  const schemas: Record<string, DescMessage> = {
    getStage: GetStageResponseSchema,
    listStages: ListStagesResponseSchema,
    queryFreight: QueryFreightResponseSchema,
    getPublicConfig: GetPublicConfigResponseSchema,
    watchPromotions: WatchPromotionsResponseSchema,
  };
  const routes = (router: ConnectRouter) => {
    router.service(StageService, {
      getStage: () => prebuilt("getStage", GetStageResponseSchema),
      listStages: () => prebuilt("listStages", ListStagesResponseSchema),
    });
    router.service(FreightService, { queryFreight: () => prebuilt("queryFreight", QueryFreightResponseSchema) });
    router.service(SystemService, { getPublicConfig: () => prebuilt("getPublicConfig", GetPublicConfigResponseSchema) });
    router.service(PromotionService, {
      async *watchPromotions(_req, ctx) {
        const queue: WatchPromotionsResponse[] = [];
        let wake: (() => void) | undefined;
        const listener = (message: WatchPromotionsResponse) => {
          queue.push(message);
          wake?.();
        };
        listeners.add(listener);
        const aborted = new Promise<void>((resolve) => ctx.signal.addEventListener("abort", () => resolve(), { once: true }));
        try {
          yield { $typeName: "kargo.api.v1.WatchPromotionsResponse", type: WatchEventType.BOOKMARK, resourceVersion: "1" } as WatchPromotionsResponse;
          while (!ctx.signal.aborted) {
            while (queue.length > 0) yield queue.shift()!;
            await Promise.race([new Promise<void>((resolve) => (wake = resolve)), aborted]);
            wake = undefined;
          }
        } finally {
          listeners.delete(listener);
        }
      },
    });
  };
  const server = http2.createServer(connectNodeAdapter({ routes }));
  const sessions = new Set<http2.ServerHttp2Session>();
  server.on("session", (session) => {
    sessions.add(session);
    session.on("close", () => sessions.delete(session));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    setMessage: (key, bytes) => {
      const schema = schemas[key];
      if (!schema) throw new Error(`floor: unknown message ${key}`);
      messages.set(key, fromBinary(schema, bytes));
    },
    broadcast(bytes) {
      const message = fromBinary(WatchPromotionsResponseSchema, bytes);
      for (const listener of listeners) listener(message);
      return listeners.size;
    },
    streams: () => listeners.size,
    async close() {
      for (const session of sessions) session.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
