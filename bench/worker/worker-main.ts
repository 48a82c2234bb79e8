// A server process of the benchmark (forked by bench/worker/worker-client.ts): the Kargo API in
// embedded mode, or the bare connect-node floor, or store measurements; driven over IPC so the load
// generator runs in another process.
import { writeHeapSnapshot } from "node:v8";
import { createClient } from "@connectrpc/connect";
import { createConnectTransport } from "@connectrpc/connect-node";
import { FreightService } from "../../gen/kargo/api/v1/freight_service_pb.js";
import { StageService } from "../../gen/kargo/api/v1/stage_service_pb.js";
import { freightNameOf } from "../fixtures/kargo-objects.js";
import { measureStoreWrites, openStoreAndReadAll } from "./measure-store.js";
import { seedStore, type SeedProject } from "./seed-store.js";
import { startFloorServer, type FloorServer } from "./start-floor-server.js";
import { adminTokenKey } from "../../src/auth/admin/admin-token-key.js";
import { hashAdminPassword } from "../../src/auth/admin/load-or-create-admin-credentials.js";
import { mintAdminToken } from "../../src/auth/admin/mint-admin-token.js";
import { BENCH_ADMIN_PASSWORD, BENCH_ADMIN_SIGNING_KEY, BENCH_ADMIN_TOKEN_ISSUER, startKargo, type BenchKargo } from "./start-kargo.js";
import type { MemorySample, WorkerReply, WorkerRequest } from "./worker-protocol.js";
import { startCpuProfile } from "./cpu-profile.js";
import { waitUntilSettled } from "./wait-until-settled.js";
import { startupTimeline } from "../../src/util/startup-timeline.js";
import { RESOURCES, resourcePath, type ResourceName } from "../../src/kube/kargo-resources.js";

let kargo: BenchKargo | undefined;
let floor: FloorServer | undefined;
// From the worker's start when the load generator asked for a profile (worker-client.ts).
const profilePath = process.env["BENCH_WORKER_CPU_PROF"];
const profileIntervalUs = Number(process.env["BENCH_CPU_PROF_INTERVAL_US"]) || undefined;
const profile = profilePath ? await startCpuProfile(profilePath, profileIntervalUs) : undefined;
// performance.now() when startKargoApi was called: the origin of the start-up timeline.
let startCalledAt = 0;

/**
 * Waits until the server's caches answer for the probe project: all its Stages listed, its last
 * Freight found. The admin token is minted beforehand with the key the server signs with (derived
 * from the signing key and the password's hash), as AdminLogin would mint it, so the bcrypt check
 * of a login is not part of the timed start-up.
 */
async function waitForCaches(url: string, idToken: string, probe: { project: string; stages: number; freight: number }): Promise<void> {
  const authed = createConnectTransport({
    baseUrl: url,
    httpVersion: "1.1",
    interceptors: [(next) => (req) => (req.header.set("authorization", `Bearer ${idToken}`), next(req))],
  });
  const stages = createClient(StageService, authed);
  const freight = createClient(FreightService, authed);
  for (;;) {
    const listed = await stages.listStages({ project: probe.project, pageSize: 1 });
    const found =
      probe.freight === 0 ||
      (await freight.getFreight({ project: probe.project, name: freightNameOf(probe.freight - 1) }).then(
        () => true,
        () => false,
      ));
    if (listed.totalSize === probe.stages && found) return;
    await new Promise((r) => setTimeout(r, 10));
  }
}

let snapshots = 0;

function memory(): MemorySample {
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  gc?.();
  const { rss, heapTotal, heapUsed, external, arrayBuffers } = process.memoryUsage();
  // BENCH_HEAP_SNAPSHOT=<dir>: a heap snapshot at every memory sample, after the figures are taken
  // (scenario 3: before and after the idle streams, to see what one stream holds).
  const snapshotDir = process.env["BENCH_HEAP_SNAPSHOT"];
  if (snapshotDir) writeHeapSnapshot(`${snapshotDir}/${process.pid}-${++snapshots}.heapsnapshot`);
  return { rss, heapTotal, heapUsed, external, arrayBuffers };
}

// biome-ignore lint/suspicious/noExplicitAny: a dispatch table whose entries each declare their own argument type (checked by the parent process)
const ops: Record<string, (args: any) => unknown> = {
  seed: (a: { dataDir: string; projects: SeedProject[] }) => seedStore(a.dataDir, a.projects),
  async startKargo(a: { dataDir: string; env?: Record<string, string>; controllers?: boolean; probe?: { project: string; stages: number; freight: number } }) {
    const signingKey = new TextEncoder().encode(BENCH_ADMIN_SIGNING_KEY);
    const passwordHash = await hashAdminPassword(BENCH_ADMIN_PASSWORD, signingKey);
    const { token } = await mintAdminToken({
      signingKey: adminTokenKey(signingKey, passwordHash),
      issuer: BENCH_ADMIN_TOKEN_ISSUER,
      audience: BENCH_ADMIN_TOKEN_ISSUER,
      ttlSeconds: 3600,
    });
    const cpuBefore = process.cpuUsage();
    const started = (startCalledAt = performance.now());
    kargo = await startKargo(a.dataDir, passwordHash, a.env ?? {}, a.controllers ?? true);
    const startMs = performance.now() - started;
    if (a.probe) await waitForCaches(kargo.url, token, a.probe);
    const syncedMs = performance.now() - started;
    // CPU time of the whole process (every thread) until then: what a loaded machine inflates least.
    const { user, system } = process.cpuUsage(cpuBefore);
    return { url: kargo.url, kubeconfigPath: `${a.dataDir}/kubeconfig`, startMs, syncedMs, cpuMs: (user + system) / 1000 };
  },
  kubeRequests: () => kargo!.kubeRequests(),
  // The start-up's phases (src/util/startup-timeline.ts), in ms from the call of startKargoApi.
  timeline: () => startupTimeline().map(({ phase, at }) => ({ phase, ms: Math.round(at - startCalledAt) })),
  settle: (a: { resources: ResourceName[]; quietMs: number; timeoutMs: number }) =>
    waitUntilSettled(
      kargo!.running.kubeConfig,
      a.resources.map((r) => resourcePath(RESOURCES[r])),
      a.quietMs,
      a.timeoutMs,
    ),
  writeProfile: () => profile?.write() ?? null,
  // BENCH_CPU_PROF: writes the profile of the span since the last section (null when not profiling).
  profileSection: (a: { label: string; calls?: number }) => profile?.section(a.label, a.calls) ?? null,
  memory,
  cpu: () => {
    const { user, system } = process.cpuUsage();
    return user + system;
  },
  async startFloor() {
    floor = await startFloorServer();
    return { url: floor.url };
  },
  setMessage: (a: { key: string; bytes: string }) => floor!.setMessage(a.key, Buffer.from(a.bytes, "base64")),
  broadcast: (a: { bytes: string }) => floor!.broadcast(Buffer.from(a.bytes, "base64")),
  streams: () => floor!.streams(),
  storeWrites: (a: { dir: string; count: number }) => measureStoreWrites(a.dir, a.count),
  readAll: (a: { dataDir: string }) => openStoreAndReadAll(a.dataDir),
  async close() {
    await kargo?.running.close();
    await floor?.close();
    kargo = undefined;
    floor = undefined;
    await profile?.write();
  },
};

process.on("message", (message: WorkerRequest) => {
  void (async () => {
    let reply: WorkerReply;
    try {
      const op = ops[message.op];
      if (!op) throw new Error(`unknown op ${message.op}`);
      reply = { id: message.id, ok: true, value: (await op(message.args)) ?? null };
    } catch (e) {
      reply = {
        id: message.id,
        ok: false,
        error: e instanceof Error ? `${e.message}\n${e.stack ?? ""}${e.cause ? `\ncause: ${String((e.cause as Error).stack ?? e.cause)}` : ""}` : String(e),
      };
    }
    // After "close", exit even if a handle lingers (close wrote the CPU profile, if any).
    process.send!(reply, () => {
      if (message.op === "close") process.exit(0);
    });
  })();
});
process.send!({ id: 0, ok: true, value: "ready" } satisfies WorkerReply);
