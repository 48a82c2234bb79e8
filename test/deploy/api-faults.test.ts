import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Code, ConnectError, createClient, type Interceptor } from "@connectrpc/connect";
import { createConnectTransport } from "@connectrpc/connect-node";
import { KubeConfig } from "@kubernetes/client-node";
import { AuthService } from "../../gen/kargo/api/v1/auth_service_pb.js";
import { ProjectService } from "../../gen/kargo/api/v1/project_service_pb.js";
import { WarehouseService, type WatchWarehousesResponse } from "../../gen/kargo/api/v1/warehouse_service_pb.js";
import { WatchEventType } from "../../gen/kargo/api/v1/watch_pb.js";
import { compiledMain } from "../support/compiled-main.js";
import { installServerIdentity } from "./support/install-server-identity.js";
import { renderKustomization } from "./support/render-kustomization.js";
import { serverProcessEnv, startServerProcess, type ServerProcess } from "../support/server-process.js";
import { spawnControlPlane, type ControlPlaneProcess } from "./support/spawn-control-plane.js";
import { eventually } from "../support/eventually.js";

const ADMIN_PASSWORD = "faults-admin-password";
const PROJECT = "faults";

/**
 * The deployed server (Kubernetes mode, in-cluster as the rendered ServiceAccount) when the
 * Kubernetes API crashes (SIGKILL of its process) and comes back from its data on the same
 * address: the server stays up, /readyz says not ready meanwhile and ready again after, writes
 * and reads work again, and a Watch* stream opened before the crash either carries on without a
 * lost or repeated event or ends with a status the client can resume from.
 */
describe("the deployed server when the Kubernetes API is killed and restarted from its data", () => {
  let dir = "";
  let controlPlane: ControlPlaneProcess | undefined;
  let server: ServerProcess | undefined;
  let adminToken = "";

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "kargo-faults-"));
    const entry = compiledMain();
    controlPlane = await spawnControlPlane(join(dir, "cluster"));
    const admin = new KubeConfig();
    admin.loadFromFile(controlPlane.kubeconfigPath);
    const identity = await installServerIdentity(admin, controlPlane, renderKustomization("base"), dir);
    server = await startServerProcess(
      entry,
      {
        ...serverProcessEnv(identity.env, dir),
        ADMIN_ACCOUNT_PASSWORD: ADMIN_PASSWORD,
        ADMIN_ACCOUNT_TOKEN_SIGNING_KEY: "faults-signing-key-0123456789abcdefghij",
      },
      { inCluster: identity.inCluster },
    );
  }, 240_000);
  afterAll(async () => {
    await server?.stop();
    await controlPlane?.kill();
    rmSync(dir, { recursive: true, force: true });
  });

  const bearer: Interceptor = (next) => (req) => {
    req.header.set("authorization", `Bearer ${adminToken}`);
    return next(req);
  };
  const client = <S extends Parameters<typeof createClient>[0]>(service: S) =>
    createClient(service, createConnectTransport({ baseUrl: server!.baseUrl, httpVersion: "1.1", interceptors: [bearer] }));
  const readyz = async () => (await fetch(`${server!.baseUrl}/readyz`)).status;

  it("reports not ready while the API is down, recovers when it is back, and its watch loses and repeats nothing", async () => {
    adminToken = (
      await createClient(AuthService, createConnectTransport({ baseUrl: server!.baseUrl, httpVersion: "1.1" })).adminLogin({ password: ADMIN_PASSWORD })
    ).idToken;
    await client(ProjectService).createProject({ name: PROJECT });
    const spec = { subscriptions: [{ image: { repoUrl: "ghcr.io/example/app" } }] };
    await client(WarehouseService).createWarehouse({ project: PROJECT, name: "before", spec });
    await eventually(async () => ((await readyz()) === 200 ? true : undefined), "ready at first");

    // A watch opened before the crash.
    const seen: WatchWarehousesResponse[] = [];
    let ended: Code | "end" | undefined;
    const abort = new AbortController();
    const watching = (async () => {
      try {
        for await (const m of client(WarehouseService).watchWarehouses({ project: PROJECT }, { signal: abort.signal })) seen.push(m);
        ended = "end";
      } catch (e) {
        ended = abort.signal.aborted ? "end" : ConnectError.from(e).code;
      }
    })();
    await eventually(async () => (seen.some((m) => m.type === WatchEventType.BOOKMARK) ? true : undefined), "the watch's snapshot");

    await controlPlane!.kill();
    await eventually(async () => ((await readyz()) === 503 ? true : undefined), "not ready while the API is down");
    const port = controlPlane!.port;
    controlPlane = await spawnControlPlane(join(dir, "cluster"), port);
    await eventually(async () => ((await readyz()) === 200 ? true : undefined), "ready again");
    // The server process never exited (its informers retried meanwhile).
    expect(String(server!.stuck.reason ?? "")).not.toMatch(/exited/);

    // Writes and reads work again, through the same server process.
    await eventually(
      () =>
        client(WarehouseService)
          .createWarehouse({ project: PROJECT, name: "after", spec })
          .then(
            () => true,
            (e: unknown) => (ConnectError.from(e).code === Code.Unavailable ? undefined : Promise.reject(e)),
          ),
      "a write after the restart",
    );
    // Known gap (issue 20, item 4): right after the API is back, the write can return before this
    // server's informer has re-established its watch (KubeClient waits at most 5 s for the cache),
    // and /readyz is already 200 — so an immediate Get may still answer NOT_FOUND. What holds:
    // the cache converges.
    await eventually(
      () =>
        client(WarehouseService)
          .getWarehouse({ project: PROJECT, name: "after" })
          .then(
            () => true,
            (e: unknown) => (ConnectError.from(e).code === Code.NotFound ? undefined : Promise.reject(e)),
          ),
      "the server serves the warehouse written after the restart",
    );

    // The stream either carried on (the new object once, "before" not again) or ended with a
    // retryable status the client resumes from with its last bookmark.
    await eventually(
      async () => (ended !== undefined || seen.some((m) => m.warehouse?.metadata?.name === "after") ? true : undefined),
      "the watch saw the new warehouse or ended",
    );
    abort.abort();
    await watching;
    const added = (name: string) => seen.filter((m) => m.type === WatchEventType.ADDED && m.warehouse?.metadata?.name === name).length;
    console.log(
      `watch across the restart: ${ended === undefined || ended === "end" ? "carried on" : `ended with ${Code[ended]}`}; events ${seen.map((m) => `${WatchEventType[m.type]}${m.warehouse ? ` ${m.warehouse.metadata?.name}` : ""}`).join(", ")}`,
    );
    expect(added("before")).toBe(1);
    if (ended === undefined || ended === "end") expect(added("after")).toBe(1);
    else expect([Code.Unavailable, Code.OutOfRange]).toContain(ended);
  }, 120_000);
});
