import { Code } from "@connectrpc/connect";
import { SystemService, type GetControllerHeartbeatsResponse } from "../../../gen/kargo/api/v1/system_service_pb.js";
import { microTime } from "../../../src/domain/controller-heartbeat.js";
import { startHeartbeat } from "../../../src/embedded/controllers/heartbeat/heartbeat-renewer.js";
import { useKargoStack } from "../../support/use-kargo-stack.js";
import { foreignProjectAdminToken } from "../common/foreign-caller.js";
import { codeOf } from "../common/fixtures.js";

const silent = { info() {}, warn() {}, error() {}, debug() {} };

/** Polls GetControllerHeartbeats until `until` holds (no deadline of its own: the test timeout bounds it). */
async function heartbeatsUntil(
  call: () => Promise<GetControllerHeartbeatsResponse>,
  until: (r: GetControllerHeartbeatsResponse) => boolean,
): Promise<GetControllerHeartbeatsResponse> {
  for (;;) {
    const response = await call();
    if (until(response)) return response;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe("SystemService.GetControllerHeartbeats", () => {
  const stack = useKargoStack({ env: { KARGO_EMBEDDED_HEARTBEAT_DURATION: "3s" } });
  const system = (token?: string | null) => stack().client(SystemService, token);
  const get = () => system().getControllerHeartbeats({});

  it("reports the embedded controllers (the unnamed default controller) alive, renewing their Lease", async () => {
    const first = await heartbeatsUntil(get, (r) => r.heartbeats[""] !== undefined);
    expect(first.defaultController).toBe("");
    const beat = first.heartbeats[""]!;
    expect(beat).toMatchObject({ controller: "", status: "Alive", leaseDurationSeconds: 3 });
    // Renewed every third of the duration: a later answer carries a later renewal.
    const renewed = await heartbeatsUntil(get, (r) => Number(r.heartbeats[""]?.timestamp?.seconds ?? 0n) > Number(beat.timestamp!.seconds));
    expect(renewed.heartbeats[""]!.status).toBe("Alive");
    // The Lease is where Kargo keeps its controllers' (the Kargo namespace), named as Kargo names it.
    const lease = await stack()
      .kubeConfig.makeApiClient((await import("@kubernetes/client-node")).CoordinationV1Api)
      .readNamespacedLease({ namespace: "kargo", name: "kargo-controller-unnamed" });
    expect(lease.metadata?.labels).toEqual({ "kargo.akuity.io/controller": "" });
  });

  it("reports a controller whose last renewal is older than its lease duration Dead, and ignores unlabelled and other namespaces' Leases", async () => {
    const { CoordinationV1Api } = await import("@kubernetes/client-node");
    const leases = stack().kubeConfig.makeApiClient(CoordinationV1Api);
    const stale = microTime(new Date(Date.now() - 3_600_000));
    await leases.createNamespacedLease({
      namespace: "kargo",
      body: {
        metadata: { name: "kargo-controller-eu", labels: { "kargo.akuity.io/controller": "eu" } },
        spec: { leaseDurationSeconds: 30, renewTime: stale as unknown as Date },
      },
    });
    await leases.createNamespacedLease({ namespace: "kargo", body: { metadata: { name: "leader-election" }, spec: { leaseDurationSeconds: 30 } } });
    await leases.createNamespacedLease({
      namespace: "default",
      body: { metadata: { name: "kargo-controller-us", labels: { "kargo.akuity.io/controller": "us" } }, spec: { leaseDurationSeconds: 30 } },
    });
    const answer = await heartbeatsUntil(get, (r) => r.heartbeats["eu"] !== undefined);
    expect(answer.heartbeats["eu"]).toMatchObject({ controller: "eu", status: "Dead", leaseDurationSeconds: 30 });
    expect(Object.keys(answer.heartbeats).sort()).toEqual(["", "eu"]);
  });

  it("forgets a controller that stops: its heartbeat deletes the Lease, as Kargo's does", async () => {
    const heartbeat = startHeartbeat({ kubeConfig: stack().kubeConfig, namespace: "kargo", controller: "shard-a", leaseDurationMs: 30_000, logger: silent });
    await heartbeat.started;
    expect((await heartbeatsUntil(get, (r) => r.heartbeats["shard-a"] !== undefined)).heartbeats["shard-a"]!.status).toBe("Alive");
    await heartbeat.stop();
    await heartbeatsUntil(get, (r) => r.heartbeats["shard-a"] === undefined);
  });

  it("is open to any authenticated caller (a project admin elsewhere), not to anonymous ones", async () => {
    const outsider = await foreignProjectAdminToken(stack(), "elsewhere");
    expect((await system(outsider).getControllerHeartbeats({})).heartbeats[""]).toBeDefined();
    expect(await codeOf(system(null).getControllerHeartbeats({}))).toBe(Code.Unauthenticated);
  });
});
