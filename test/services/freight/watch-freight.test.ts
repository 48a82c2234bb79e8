import { Code } from "@connectrpc/connect";
import { WatchEventType } from "../../../gen/kargo/api/v1/watch_pb.js";
import { FreightService, type WatchFreightResponse } from "../../../gen/kargo/api/v1/freight_service_pb.js";
import { useKargoStack } from "../../support/use-kargo-stack.js";
import { NO_HEARTBEAT_ENV } from "../../support/no-watch-heartbeats.js";
import { codeOf, fixtures } from "./kargo-fixtures.js";

const project = "watch-freight";

describe("FreightService.WatchFreight", () => {
  // Tests expect particular next messages: no heartbeat BOOKMARK may come in between.
  const stack = useKargoStack({ env: NO_HEARTBEAT_ENV });
  const fx = fixtures(stack);

  beforeAll(async () => {
    await fx.project(project);
    await fx.stage(project, "test", [{ sources: { direct: true } }]);
    await fx.stage(project, "uat", [{ sources: { stages: ["test"] } }]);
  });

  /** Opens a watch; `next` reads one message; `close` ends it. */
  function watch(req: { origins?: string[]; stage?: string }) {
    const abort = new AbortController();
    const stream = stack()
      .client(FreightService)
      .watchFreight({ project, ...req }, { signal: abort.signal })
      [Symbol.asyncIterator]();
    return { next: async () => (await stream.next()).value as WatchFreightResponse, close: () => abort.abort() };
  }

  describe("when the stage does not exist", () => {
    it("is NOT_FOUND", async () => {
      const stream = stack().client(FreightService).watchFreight({ project, stage: "missing" });
      expect(
        await codeOf(
          (async () => {
            for await (const _ of stream) break;
          })(),
        ),
      ).toBe(Code.NotFound);
    });
  });

  it("sends the Freight of the origins asked for, a BOOKMARK, then new Freight of them as ADDED", async () => {
    await fx.freight(project, { alias: "from-images" });
    await fx.freight(project, { alias: "from-charts", origin: "charts" });
    const w = watch({ origins: ["images"] });
    try {
      const first = await w.next();
      expect(first).toMatchObject({ type: WatchEventType.ADDED, freight: { alias: "from-images" } });
      expect((await w.next()).type).toBe(WatchEventType.BOOKMARK);
      await fx.freight(project, { alias: "later-charts", origin: "charts" });
      await fx.freight(project, { alias: "later-images" });
      expect(await w.next()).toMatchObject({ type: WatchEventType.ADDED, freight: { alias: "later-images" } });
    } finally {
      w.close();
    }
  });

  it("follows availability to a stage: verified upstream is ADDED, no longer verified is DELETED", async () => {
    const name = await fx.freight(project, { alias: "moving" });
    const w = watch({ stage: "uat" });
    try {
      let event = await w.next();
      while (event.type !== WatchEventType.BOOKMARK) event = await w.next();
      await fx.freightStatus(project, name, { verifiedIn: { test: { verifiedAt: new Date().toISOString() } } });
      expect(await w.next()).toMatchObject({ type: WatchEventType.ADDED, freight: { alias: "moving" } });
      await fx.freightStatus(project, name, { verifiedIn: null } as never);
      expect(await w.next()).toMatchObject({ type: WatchEventType.DELETED, freight: { alias: "moving" } });
    } finally {
      w.close();
    }
  });
});
