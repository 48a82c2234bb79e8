import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { StartupError } from "../src/start-kargo-api.js";
import { eventually } from "./embedded/support/eventually.js";
import { listeningPorts, occupyPort, openFilesUnder, openSockets } from "./support/process-resources.js";
import { startKargoStack } from "./support/use-kargo-stack.js";

// What startKargoApi serves is tested through the stack (test/app/start-kargo-api.test.ts and the
// service tests); here, how its start-up fails.
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
