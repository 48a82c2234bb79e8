import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as delay } from "node:timers/promises";
import { Code, ConnectError, createClient, type Interceptor } from "@connectrpc/connect";
import { createConnectTransport } from "@connectrpc/connect-node";
import { AuthService } from "../../gen/kargo/api/v1/auth_service_pb.js";
import { ProjectService } from "../../gen/kargo/api/v1/project_service_pb.js";
import { WarehouseService } from "../../gen/kargo/api/v1/warehouse_service_pb.js";
import { WatchEventType } from "../../gen/kargo/api/v1/watch_pb.js";
import { watchResumable } from "../../src/client/watch-resumable.js";
import { compiledMain } from "../support/compiled-main.js";
import { useEmbeddedControlPlane } from "../embedded/support/use-embedded-control-plane.js";
import { installServerIdentity } from "./support/install-server-identity.js";
import { renderKustomization } from "./support/render-kustomization.js";
import { serverProcessEnv, startServerProcess, type ServerProcess } from "../support/server-process.js";
import { startTcpProxy, type TcpProxy } from "./support/tcp-proxy.js";
import { eventually } from "../support/eventually.js";

const ADMIN_PASSWORD = "outages-admin-password";
const PROJECT = "outages";
const SPEC = { subscriptions: [{ image: { repoUrl: "ghcr.io/example/app" } }] };
/** The test's CACHE_MAX_STALENESS, in ms: reads fail and /readyz is 503 once a cache is staler. */
const STALENESS_BOUND_MS = 2_000;

const codeOf = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (e: unknown) => ConnectError.from(e).code,
  );

/** One value of a Prometheus text exposition (the sum over its label sets). */
function metric(text: string, name: string): number {
  let sum = 0;
  for (const line of text.split("\n")) {
    if (line.startsWith(`${name} `) || line.startsWith(`${name}{`)) sum += Number(line.slice(line.lastIndexOf(" ") + 1));
  }
  return sum;
}

/**
 * The deployed server (Kubernetes mode, in-cluster as the rendered ServiceAccount) while the
 * Kubernetes API becomes unreachable — a TCP proxy between them resets every connection and
 * refuses new ones — and reachable again on the same address: for 10 s once, then in 50 short
 * cycles. What must hold (issue 20, item 4): /readyz is 503 and no read serves data once the caches
 * are staler than CACHE_MAX_STALENESS; both recover by themselves; a watch resumed by the client
 * kit loses and repeats nothing; the process never exits and leaks neither handles nor memory.
 */
describe("the deployed server when the Kubernetes API is unreachable and back", () => {
  const embedded = useEmbeddedControlPlane();
  let dir = "";
  let proxy: TcpProxy | undefined;
  let server: ServerProcess | undefined;
  let adminToken = "";
  // A watch of the project's Warehouses for the whole file, resumed across outages by the client kit.
  const added = new Map<string, number>();
  let resyncs = 0;
  let watchError: unknown;
  const watching = new AbortController();
  let watchDone: Promise<void> | undefined;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "kargo-outages-"));
    const entry = compiledMain();
    const api = new URL(embedded.controlPlane.url);
    proxy = await startTcpProxy({ host: api.hostname, port: Number(api.port) });
    const identity = await installServerIdentity(
      embedded.kubeConfig(),
      { url: proxy.url, caCertificate: embedded.controlPlane.caCertificate },
      renderKustomization("base"),
      dir,
    );
    server = await startServerProcess(
      entry,
      {
        ...serverProcessEnv(identity.env, dir),
        CACHE_MAX_STALENESS: `${STALENESS_BOUND_MS}ms`,
        ADMIN_ACCOUNT_PASSWORD: ADMIN_PASSWORD,
        ADMIN_ACCOUNT_TOKEN_SIGNING_KEY: "outages-signing-key-0123456789abcdefghij",
      },
      { inCluster: identity.inCluster },
    );
    adminToken = (
      await createClient(AuthService, createConnectTransport({ baseUrl: server.baseUrl, httpVersion: "1.1" })).adminLogin({ password: ADMIN_PASSWORD })
    ).idToken;
    await client(ProjectService).createProject({ name: PROJECT });
    await client(WarehouseService).createWarehouse({ project: PROJECT, name: "before", spec: SPEC });
    watchDone = (async () => {
      try {
        const events = watchResumable(
          client(WarehouseService).watchWarehouses,
          { project: PROJECT },
          { signal: watching.signal, retry: { maxAttempts: 10_000, maxDelayMs: 500 } },
        );
        for await (const event of events) {
          if (event.type === "RESYNC") {
            resyncs++;
            added.clear();
          } else if (event.type === WatchEventType.ADDED && event.warehouse?.metadata?.name) {
            const name = event.warehouse.metadata.name;
            added.set(name, (added.get(name) ?? 0) + 1);
          }
        }
      } catch (error) {
        watchError = error;
      }
    })();
    await eventually(async () => (added.has("before") ? true : undefined), "the watch's snapshot");
  }, 240_000);
  afterAll(async () => {
    console.log(
      `/readyz answers: ${[...readyzAnswers].slice(0, 20).join("\n")}; warnings: ${JSON.stringify(
        server?.lines
          .filter((l) => Number(l.level) >= 40)
          .slice(0, 5)
          .map((l) => [l.time, l.type, (l.err as { message?: string } | undefined)?.message]),
      )}`,
    );
    watching.abort();
    await watchDone;
    await server?.stop();
    await proxy?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const bearer: Interceptor = (next) => (req) => {
    req.header.set("authorization", `Bearer ${adminToken}`);
    return next(req);
  };
  function client<S extends Parameters<typeof createClient>[0]>(service: S) {
    return createClient(service, createConnectTransport({ baseUrl: server!.baseUrl, httpVersion: "1.1", interceptors: [bearer] }));
  }
  const readyzAnswers = new Set<string>();
  const readyz = async () => {
    const response = await fetch(`${server!.baseUrl}/readyz`);
    readyzAnswers.add(`${new Date().toISOString()} ${(await response.text()).slice(0, 300)}`);
    return response.status;
  };
  const metrics = async () => (await fetch(`${server!.baseUrl}/metrics`)).text();
  /** Creates a Warehouse once the API answers again (UNAVAILABLE until then), then reads it back. */
  const writeAndRead = async (name: string) => {
    await eventually(
      () =>
        client(WarehouseService)
          .createWarehouse({ project: PROJECT, name, spec: SPEC })
          .then(
            () => true,
            (e: unknown) =>
              [Code.Unavailable, Code.AlreadyExists].includes(ConnectError.from(e).code)
                ? ConnectError.from(e).code === Code.AlreadyExists
                  ? true
                  : undefined
                : Promise.reject(e),
          ),
      `the write of ${name}`,
    );
    // A write can succeed before every cache has its watch back; reads answer UNAVAILABLE until then.
    const got = await eventually(
      () =>
        client(WarehouseService)
          .getWarehouse({ project: PROJECT, name })
          .catch((e: unknown) => (ConnectError.from(e).code === Code.Unavailable ? undefined : Promise.reject(e))),
      `the read of ${name}`,
    );
    expect(got.result.case === "warehouse" ? got.result.value.metadata?.name : undefined).toBe(name);
  };

  it("for 10 s: not ready and no stale reads beyond the bound, then ready and serving, the watch complete", async () => {
    await eventually(async () => ((await readyz()) === 200 ? true : undefined), "ready at first");
    expect(await codeOf(client(WarehouseService).getWarehouse({ project: PROJECT, name: "before" }))).toBeUndefined();
    await proxy!.cut();
    const cutAt = Date.now();
    await eventually(async () => ((await readyz()) === 503 ? true : undefined), "not ready while the API is unreachable");
    // Once the caches are staler than the bound, reads refuse rather than serve old data.
    await eventually(
      async () => ((await codeOf(client(WarehouseService).getWarehouse({ project: PROJECT, name: "before" }))) === Code.Unavailable ? true : undefined),
      "reads refused beyond the bound",
    );
    const refusedAfter = Date.now() - cutAt;
    expect(refusedAfter).toBeGreaterThanOrEqual(STALENESS_BOUND_MS);
    const text = await metrics();
    expect(metric(text, "kargo_api_kube_cache_staleness_seconds")).toBeGreaterThan(0);
    // The outage lasts 10 s (the scenario's length, not a bound on how fast anything is).
    await delay(Math.max(0, 10_000 - (Date.now() - cutAt)));
    expect(String(server!.stuck.reason ?? "")).not.toMatch(/exited/);
    await proxy!.restore();
    const restoredAt = Date.now();
    await eventually(async () => ((await readyz()) === 200 ? true : undefined), "ready again");
    console.log(
      `10 s outage: reads refused ${refusedAfter} ms after the cut (bound ${STALENESS_BOUND_MS} ms); ready again ${Date.now() - restoredAt} ms after the API was back`,
    );
    await writeAndRead("after-10s");
    await eventually(async () => (added.has("after-10s") ? true : undefined), "the watch sees the write after the outage");
    expect(watchError).toBeUndefined();
    if (resyncs === 0) expect(added.get("before")).toBe(1);
    expect(added.get("after-10s")).toBe(1);
    const restarts = metric(await metrics(), "kargo_api_kube_watch_restarts_total");
    expect(restarts).toBeGreaterThan(0);
  });

  it("over 50 cut/restore cycles: never exits, no growth in handles or heap, the watch loses and repeats nothing", async () => {
    const samples: { cycle: number; handles: number; heapMiB: number; rssMiB: number }[] = [];
    for (let cycle = 1; cycle <= 50; cycle++) {
      const before = metric(await metrics(), "kargo_api_kube_watch_restarts_total");
      await proxy!.cut();
      // The server noticed: its watches failed and are being re-opened.
      await eventually(
        async () => (metric(await metrics(), "kargo_api_kube_watch_restarts_total") > before ? true : undefined),
        `cycle ${cycle}: the cut noticed`,
      );
      await proxy!.restore();
      // As a kubelet's readiness probe would: a probe that finds the API back wakes the informers.
      await eventually(async () => ((await readyz()) === 200 ? true : undefined), `cycle ${cycle}: ready again`);
      await writeAndRead(`cycle-${cycle}`);
      if (cycle === 10 || cycle === 50) {
        const text = await metrics();
        samples.push({
          cycle,
          handles: metric(text, "kargo_api_nodejs_active_handles_total"),
          heapMiB: metric(text, "kargo_api_nodejs_heap_size_used_bytes") / 2 ** 20,
          rssMiB: metric(text, "kargo_api_process_resident_memory_bytes") / 2 ** 20,
        });
      }
    }
    console.log(
      `50 outage cycles: ${samples.map((s) => `after ${s.cycle}: ${s.handles} handles, heap ${s.heapMiB.toFixed(1)} MiB, RSS ${s.rssMiB.toFixed(1)} MiB`).join("; ")}; watch resyncs ${resyncs}`,
    );
    expect(String(server!.stuck.reason ?? "")).not.toMatch(/exited/);
    const [at10, at50] = samples as [(typeof samples)[0], (typeof samples)[0]];
    // A leak per cycle (a socket, a watch, a timer) shows as handles growing with the cycles.
    expect(at50.handles).toBeLessThanOrEqual(at10.handles + 10);
    // Generous: garbage not yet collected varies by tens of MiB; a leak of what a cycle allocates would not stay under it.
    expect(at50.heapMiB).toBeLessThan(at10.heapMiB + 64);
    await eventually(async () => (added.has("cycle-50") ? true : undefined), "the watch has the last cycle's write");
    expect(watchError).toBeUndefined();
    for (let cycle = 1; cycle <= 50; cycle++) expect([`cycle-${cycle}`, added.get(`cycle-${cycle}`)]).toEqual([`cycle-${cycle}`, 1]);
  });
});
