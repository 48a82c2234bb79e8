import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Code, ConnectError, createClient, type Interceptor } from "@connectrpc/connect";
import { createConnectTransport, createGrpcTransport } from "@connectrpc/connect-node";
import { CoreV1Api, KubeConfig } from "@kubernetes/client-node";
import { AuthService } from "../gen/kargo/api/v1/auth_service_pb.js";
import { ProjectService } from "../gen/kargo/api/v1/project_service_pb.js";
import { ResourceService } from "../gen/kargo/api/v1/resource_service_pb.js";
import { WarehouseService } from "../gen/kargo/api/v1/warehouse_service_pb.js";
import { compiledMain } from "./support/compiled-main.js";
import { startServerProcess, type ServerProcess } from "./support/server-process.js";

const PASSWORD = "graceful-shutdown-test-password";
const OBJECTS = 300;

/**
 * The shutdown contract of the README, on the real process (src/main.ts) receiving SIGTERM while a
 * long unary call is in progress: the call finishes and returns every result, an open stream ends
 * with UNAVAILABLE, and the process exits 0.
 */
describe("main on SIGTERM during a long unary call", () => {
  let dataDir = "";
  let server: ServerProcess | undefined;

  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), "kargo-api-drain-"));
  });
  afterEach(async () => {
    // The whole process group, also when the test failed half-way.
    await server?.stop();
    server = undefined;
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("finishes the call and returns its results, ends streams with UNAVAILABLE, and exits 0", async () => {
    server = await startServerProcess(
      compiledMain(),
      {
        PORT: "0",
        BIND_ADDRESS: "127.0.0.1",
        KARGO_DATA_DIR: dataDir,
        LOG_LEVEL: "info",
        ADMIN_ACCOUNT_PASSWORD: PASSWORD,
        // Long enough never to be what ends the call, however loaded the machine.
        GRACEFUL_SHUTDOWN_TIMEOUT: "10m",
      },
      { mode: "embedded" },
    );
    const { baseUrl, lines, exited } = server;

    const { idToken } = await createClient(AuthService, createConnectTransport({ baseUrl, httpVersion: "1.1" })).adminLogin({ password: PASSWORD });
    const bearer: Interceptor = (next) => (req) => {
      req.header.set("authorization", `Bearer ${idToken}`);
      return next(req);
    };
    const connect = createConnectTransport({ baseUrl, httpVersion: "1.1", interceptors: [bearer] });
    await createClient(ProjectService, connect).createProject({ name: "drain" });

    // An open stream, at its first BOOKMARK.
    let watching: () => void = () => {};
    const watchOpen = new Promise<void>((r) => (watching = r));
    const stream = (async () => {
      try {
        for await (const _ of createClient(WarehouseService, createGrpcTransport({ baseUrl, interceptors: [bearer] })).watchWarehouses({ project: "drain" }))
          watching();
        return undefined;
      } catch (e) {
        return ConnectError.from(e);
      }
    })();
    await watchOpen;

    const manifest = Array.from({ length: OBJECTS }, (_, i) =>
      JSON.stringify({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: `cm-${i}`, namespace: "drain" }, data: { i: String(i) } }),
    ).join("\n---\n");
    const call = createClient(ResourceService, connect).createResource({ manifest: new TextEncoder().encode(manifest) });
    const settled = call.then(
      () => true,
      () => true,
    );

    // SIGTERM once the call has written some objects (it is in progress), not before.
    const kubeConfig = new KubeConfig();
    kubeConfig.loadFromFile(join(dataDir, "kubeconfig"));
    const core = kubeConfig.makeApiClient(CoreV1Api);
    let written = 0;
    while (written < 5) {
      written = (await core.listNamespacedConfigMap({ namespace: "drain" })).items.filter((c) => c.metadata?.name?.startsWith("cm-")).length;
      if (await Promise.race([settled, new Promise<false>((r) => setTimeout(() => r(false), 20))])) break;
    }
    server.kill("SIGTERM");

    const { results } = await call;
    expect(results).toHaveLength(OBJECTS);
    expect(results.filter((r) => r.result.case === "createdResource")).toHaveLength(OBJECTS);
    const ended = await stream;
    expect([ended?.code, ended?.rawMessage]).toEqual([Code.Unavailable, "server is shutting down"]);
    expect(await exited).toBe(0);

    // The call was still running when shutdown began, and it finished ok.
    const shuttingDown = lines.findIndex((l) => l.msg === "shutting down");
    const finished = lines.findIndex((l) => l.msg === "rpc finished" && l.procedure === "/kargo.api.v1.ResourceService/CreateResource");
    expect(shuttingDown).toBeGreaterThanOrEqual(0);
    expect(finished).toBeGreaterThan(shuttingDown);
    expect(lines[finished]).toMatchObject({ code: "ok" });
  }, 180_000);
});
