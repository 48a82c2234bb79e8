import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createClient } from "@connectrpc/connect";
import { createConnectTransport } from "@connectrpc/connect-node";
import { CoreV1Api, CustomObjectsApi, KubeConfig, RbacAuthorizationV1Api } from "@kubernetes/client-node";
import { AuthService } from "../../gen/kargo/api/v1/auth_service_pb.js";
import { StageService } from "../../gen/kargo/api/v1/stage_service_pb.js";
import type { BenchOptions } from "../bench-options.js";
import { stageName } from "../fixtures/kargo-objects.js";
import type { SeedProject } from "../worker/seed-store.js";
import { BENCH_ADMIN_PASSWORD } from "../worker/start-kargo.js";
import { startWorker, type Worker } from "../worker/worker-client.js";
import { settleArgs, type Settled } from "../worker/wait-until-settled.js";
import { benchClient } from "./bench-transport.js";
import { startTokenIssuer, type TokenIssuer } from "./start-token-issuer.js";

/** The project of the unary scenarios (1, 4, 6): also the smallest list size of scenario 2. */
export const READ_PROJECT = "bench-p0";
/** The project watched in scenario 3: one Stage, one Freight, one finished Promotion. */
export const WATCH_PROJECT = "bench-watch";
/** The finished Promotion whose status scenario 3 changes. */
export const WATCHED_PROMOTION = "promotion-0";
/** The OIDC user of scenario 4 and the ServiceAccount its email claim maps to. */
const OIDC_EMAIL = "bench@example.com";

/** Everything the scenarios share: the Kargo API and floor processes, tokens and Kubernetes clients. */
export interface BenchStack {
  readonly kargo: Worker;
  readonly floor: Worker;
  readonly kargoUrl: string;
  readonly floorUrl: string;
  readonly adminToken: string;
  /** An OIDC ID token of a user mapped to a ServiceAccount allowed to get Stages in READ_PROJECT (scenario 4 only). */
  readonly oidcToken?: string;
  /** Scenario 2's projects and their sizes. */
  readonly listProjects: readonly { readonly name: string; readonly size: number }[];
  /** The embedded API as the server's identity (from `<data dir>/kubeconfig`). */
  readonly custom: CustomObjectsApi;
  readonly dataDir: string;
  close(): Promise<void>;
}

/**
 * Seeds the data directory (projects of scenario 2's sizes, the read and watch projects), starts
 * the Kargo API in its own process (embedded mode, startKargoApi, production defaults) and the
 * floor in another, signs in as admin, and for scenario 4 starts an OIDC provider first (the
 * server must know its issuer) and maps a user to a ServiceAccount through the embedded API.
 */
export async function startBenchStack(options: BenchOptions): Promise<BenchStack> {
  const { sizes, log } = options;
  const dataDir = await mkdtemp(join(tmpdir(), "kargo-bench-"));
  const cleanups: (() => Promise<unknown>)[] = [() => rm(dataDir, { recursive: true, force: true })];
  const close = async () => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => {});
  };
  try {
    const listProjects = sizes.listSizes.map((size, i) => ({ name: `bench-p${i}`, size }));
    const projects: SeedProject[] = [
      ...listProjects.map((p) => ({ name: p.name, stages: p.size, freight: p.size })),
      { name: WATCH_PROJECT, stages: 1, freight: 1, promotions: 1 },
    ];
    let provider: TokenIssuer | undefined;
    const env: Record<string, string> = {};
    if (options.scenarios.has(4)) {
      provider = await startTokenIssuer();
      cleanups.push(() => provider!.close());
      Object.assign(env, { OIDC_ISSUER_URL: provider.issuer, OIDC_CLIENT_ID: provider.clientId });
    }

    const kargo = await startWorker({ profile: true, name: "kargo" });
    cleanups.push(() => kargo.close());
    const seeded = await kargo.call<{ objects: number; ms: number }>("seed", { dataDir, projects });
    log(`seeded ${seeded.objects} objects in ${(seeded.ms / 1000).toFixed(1)} s`);
    const started = await kargo.call<{ url: string; kubeconfigPath: string; syncedMs: number }>("startKargo", {
      dataDir,
      env,
      controllers: options.controllers,
      probe: {
        project: listProjects[listProjects.length - 1]!.name,
        stages: listProjects[listProjects.length - 1]!.size,
        freight: listProjects[listProjects.length - 1]!.size,
      },
    });
    log(`kargo api (pid ${kargo.pid}) serving at ${started.url}, caches synced after ${(started.syncedMs / 1000).toFixed(1)} s`);
    // The controllers reconcile the seeded objects for a while; figures taken meanwhile measure that too.
    const settled = await kargo.call<Settled>("settle", settleArgs(sizes.settleQuietMs));
    log(`seeded objects ${settled.settled ? "settled" : "still changing"} after ${(settled.ms / 1000).toFixed(1)} s more (${settled.changes} changes)`);
    // Profiled too (BENCH_CPU_PROF), so a figure's CPU can be compared with the floor's function by function.
    const floor = await startWorker({ profile: true, name: "floor" });
    cleanups.push(() => floor.close());
    const { url: floorUrl } = await floor.call<{ url: string }>("startFloor");

    const { idToken: adminToken } = await createClient(AuthService, createConnectTransport({ baseUrl: started.url, httpVersion: "1.1" })).adminLogin({
      password: BENCH_ADMIN_PASSWORD,
    });
    const kubeConfig = new KubeConfig();
    kubeConfig.loadFromFile(started.kubeconfigPath);

    let oidcToken: string | undefined;
    if (provider) {
      oidcToken = await mapOidcUser(kubeConfig, provider, started.url);
      log("oidc user mapped to ServiceAccount bench-reader");
    }
    return {
      kargo,
      floor,
      kargoUrl: started.url,
      floorUrl,
      adminToken,
      ...(oidcToken !== undefined ? { oidcToken } : {}),
      listProjects,
      custom: kubeConfig.makeApiClient(CustomObjectsApi),
      dataDir,
      close,
    };
  } catch (e) {
    await close();
    throw e;
  }
}

/**
 * Kargo's way to authorize an SSO user: a ServiceAccount whose claims annotation matches the
 * user's email, bound to a Role allowing `get` on Stages in the project. Mints the user's ID
 * token and waits until GetStage is allowed.
 */
async function mapOidcUser(kubeConfig: KubeConfig, provider: TokenIssuer, kargoUrl: string): Promise<string> {
  const core = kubeConfig.makeApiClient(CoreV1Api);
  const rbac = kubeConfig.makeApiClient(RbacAuthorizationV1Api);
  const namespace = READ_PROJECT;
  await core.createNamespacedServiceAccount({
    namespace,
    body: { metadata: { name: "bench-reader", annotations: { "rbac.kargo.akuity.io/claims": JSON.stringify({ email: [OIDC_EMAIL] }) } } },
  });
  await rbac.createNamespacedRole({
    namespace,
    body: { metadata: { name: "bench-reader" }, rules: [{ apiGroups: ["kargo.akuity.io"], resources: ["stages"], verbs: ["get", "list"] }] },
  });
  await rbac.createNamespacedRoleBinding({
    namespace,
    body: {
      metadata: { name: "bench-reader" },
      roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: "bench-reader" },
      subjects: [{ kind: "ServiceAccount", name: "bench-reader", namespace }],
    },
  });
  const idToken = await provider.mint("bench", { email: OIDC_EMAIL, email_verified: true, groups: ["bench"] });
  const stages = benchClient(StageService, kargoUrl, idToken);
  const auth = benchClient(AuthService, kargoUrl, idToken);
  const deadline = Date.now() + 15_000;
  for (;;) {
    try {
      // A GetStage denied before the mapping shows would be cached (AUTHORIZATION_CACHE_TTL): ask WhoAmI first.
      if ((await auth.whoAmI({})).serviceAccounts.length === 0) throw new Error("not mapped yet");
      await stages.getStage({ project: namespace, name: stageName(0) });
      return idToken;
    } catch (e) {
      if (Date.now() > deadline) throw new Error("the OIDC user was not allowed to get a stage within 15 s", { cause: e });
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}
