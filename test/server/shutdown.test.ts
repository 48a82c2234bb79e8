import { Code, ConnectError, createClient, type Transport } from "@connectrpc/connect";
import { createConnectTransport, createGrpcTransport, createGrpcWebTransport } from "@connectrpc/connect-node";
import { Health, HealthCheckResponse_ServingStatus as Status } from "../../gen/grpc/health/v1/health_pb.js";
import { SystemService } from "../../gen/kargo/api/v1/system_service_pb.js";
import { implementSome } from "../support/implement-some.js";
import { useApiServer } from "../support/use-api-server.js";

/** Reads a Health.Watch stream to its end: the statuses seen and the code it ended with. */
async function watchToEnd(transport: Transport, first: (s: Status) => void) {
  const seen: Status[] = [];
  try {
    for await (const res of createClient(Health, transport).watch({})) {
      seen.push(res.status);
      if (seen.length === 1) first(res.status);
    }
    return { seen, code: undefined, message: "" };
  } catch (e) {
    const err = ConnectError.from(e);
    return { seen, code: err.code, message: err.rawMessage };
  }
}

describe("API server graceful shutdown", () => {
  // Unary calls that are still running when shutdown begins: they say when they are in the handler
  // and finish when the test releases them, so nothing depends on how fast the machine is.
  let inHandler = 0;
  let allInHandler: () => void = () => {};
  const bothInHandler = new Promise<void>((r) => (allInHandler = r));
  let release: () => void = () => {};
  const released = new Promise<void>((r) => (release = r));
  const api = useApiServer({
    services: () => [
      implementSome(SystemService, {
        async getVersionInfo() {
          if (++inHandler === 2) allInHandler();
          await released;
          return { versionInfo: { version: "slow" } };
        },
      }),
    ],
  });

  it("sends NOT_SERVING, ends open streams with UNAVAILABLE, lets unary calls finish, then refuses connections", async () => {
    const transports = {
      "gRPC over h2c": createGrpcTransport({ baseUrl: api.baseUrl }),
      "Connect over HTTP/1.1": createConnectTransport({ baseUrl: api.baseUrl, httpVersion: "1.1" }),
      "gRPC-Web over HTTP/1.1": createGrpcWebTransport({ baseUrl: api.baseUrl, httpVersion: "1.1" }),
    };
    let serving = 0;
    let allServing: () => void = () => {};
    const servingNow = new Promise<void>((r) => (allServing = r));
    const watches = Object.entries(transports).map(async ([name, t]) => ({
      name,
      ...(await watchToEnd(t, () => ++serving === 3 && allServing())),
    }));
    await servingNow;
    const unary = [
      createClient(SystemService, transports["gRPC over h2c"]).getVersionInfo({}),
      createClient(SystemService, transports["Connect over HTTP/1.1"]).getVersionInfo({}),
    ];
    await bothInHandler;

    // A grace period longer than any test: shutdown must end when the calls end, not when it expires.
    let shutDown = false;
    const shutdown = api.server.shutdown(3_600_000).then(() => (shutDown = true));
    const ended = await Promise.all(watches);
    // The streams ended at once; the unary calls are still running, and shutdown waits for them.
    expect(shutDown).toBe(false);
    release();
    await shutdown;

    for (const w of ended) {
      expect({ name: w.name, seen: w.seen, code: w.code, message: w.message }).toEqual({
        name: w.name,
        seen: [Status.SERVING, Status.NOT_SERVING],
        code: Code.Unavailable,
        message: "server is shutting down",
      });
    }
    for (const res of await Promise.all(unary)) {
      expect(res.versionInfo?.version).toBe("slow");
    }
    await expect(fetch(`${api.baseUrl}/healthz`)).rejects.toThrow();
  });
});

describe("API server graceful shutdown of a unary call that checks its signal", () => {
  let started: () => void = () => {};
  const inHandler = new Promise<void>((r) => (started = r));
  let release: () => void = () => {};
  const released = new Promise<void>((r) => (release = r));
  const api = useApiServer({
    services: () => [
      implementSome(SystemService, {
        // Looks at its signal between steps, as long handlers do (ResourceService stops between
        // objects when its caller goes away): shutdown must not look like the caller going away.
        async getVersionInfo(_req, ctx) {
          started();
          await released;
          if (ctx.signal.aborted) throw new ConnectError("the request was cancelled", Code.Canceled);
          return { versionInfo: { version: "finished" } };
        },
      }),
    ],
  });

  it("leaves the call's signal alone while streams end, so the call finishes and returns its result", async () => {
    const transport = createConnectTransport({ baseUrl: api.baseUrl, httpVersion: "1.1" });
    let serving: () => void = () => {};
    const servingNow = new Promise<void>((r) => (serving = r));
    const stream = watchToEnd(createGrpcTransport({ baseUrl: api.baseUrl }), () => serving());
    await servingNow;
    const call = createClient(SystemService, transport).getVersionInfo({});
    await inHandler;

    const shutdown = api.server.shutdown(30_000);
    // The stream ending with UNAVAILABLE shows shutdown has aborted what it aborts.
    expect(await stream).toMatchObject({ code: Code.Unavailable, message: "server is shutting down" });
    release();
    expect((await call).versionInfo?.version).toBe("finished");
    await shutdown;
  });
});
