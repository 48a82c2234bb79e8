import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Code, ConnectError } from "@connectrpc/connect";
import { AuthService } from "../gen/kargo/api/v1/auth_service_pb.js";
import { SystemService } from "../gen/kargo/api/v1/system_service_pb.js";
import { StartupError } from "../src/start-kargo-api.js";
import { listeningPorts, occupyPort, openFilesUnder, openSockets } from "./support/process-resources.js";
import { startKargoStack, useKargoStack } from "./support/use-kargo-stack.js";
import { eventually } from "./support/eventually.js";

// What startKargoApi serves is tested through the stack (below, and the service tests); here
// first, how its start-up fails.
describe("startKargoApi with a port in use", () => {
  let dataDir = "";
  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), "kargo-start-failure-"));
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  /** Starts with `env` naming a port another listener holds; returns the rejection once nothing started is left. */
  async function failure(env: (port: number) => Record<string, string>): Promise<{ error: unknown; port: number }> {
    const blocker = await occupyPort();
    try {
      const listening = listeningPorts();
      const sockets = openSockets();
      const error = await startKargoStack({ dataDir, env: env(blocker.port) }).then(
        async (stack) => {
          await stack.close();
          return undefined;
        },
        (e: unknown) => e,
      );
      // Nothing listens that did not before, no file of the data directory is open (the embedded
      // store, the audit trail), and every connection opened meanwhile ends.
      expect(listeningPorts()).toEqual(listening);
      expect(openFilesUnder(dataDir)).toEqual([]);
      await eventually(() => [...openSockets()].every((socket) => sockets.has(socket)));
      return { error, port: blocker.port };
    } finally {
      await blocker.close();
    }
  }

  it("KARGO_EMBEDDED_WEBHOOK_PORT: rejects naming the address and the settings, with everything started stopped", async () => {
    const { error, port } = await failure((p) => ({ KARGO_EMBEDDED_WEBHOOK_PORT: String(p) }));
    expect(error).toBeInstanceOf(StartupError);
    expect((error as Error).message).toBe(
      `cannot listen on 127.0.0.1:${port} for the webhook receivers (KARGO_EMBEDDED_WEBHOOK_PORT, BIND_ADDRESS): address already in use`,
    );
  });

  it("KARGO_EMBEDDED_API_PORT: the same", async () => {
    const { error, port } = await failure((p) => ({ KARGO_EMBEDDED_API_PORT: String(p) }));
    expect((error as Error).message).toBe(
      `cannot listen on 127.0.0.1:${port} for the embedded Kubernetes API (KARGO_EMBEDDED_API_PORT): address already in use`,
    );
  });

  it("PORT: the same, for the API server's own listener", async () => {
    const { error, port } = await failure((p) => ({ PORT: String(p) }));
    expect((error as Error).message).toBe(`cannot listen on 127.0.0.1:${port} for the API (PORT, BIND_ADDRESS): address already in use`);
  });
});

describe("startKargoApi, started", () => {
  const stack = useKargoStack();

  it("serves the public config without a token", async () => {
    const res = await stack().client(SystemService, null).getPublicConfig({});
    expect(res.adminAccountEnabled).toBe(true);
  });

  it("serves authenticated RPCs to the admin from AdminLogin", async () => {
    const me = await stack().client(AuthService).whoAmI({});
    expect(me.admin).toBe(true);
  });

  it("refuses an authenticated RPC without a token", async () => {
    const err = await stack()
      .client(AuthService, null)
      .whoAmI({})
      .catch((e: unknown) => ConnectError.from(e));
    expect(err).toBeInstanceOf(ConnectError);
    expect((err as ConnectError).code).toBe(Code.Unauthenticated);
  });
});
