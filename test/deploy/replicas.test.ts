import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { DescService } from "@bufbuild/protobuf";
import { Code, ConnectError, createClient, type Client } from "@connectrpc/connect";
import { createConnectTransport } from "@connectrpc/connect-node";
import { AuthService } from "../../gen/kargo/api/v1/auth_service_pb.js";
import { ProjectService } from "../../gen/kargo/api/v1/project_service_pb.js";
import { RbacService } from "../../gen/kargo/api/v1/rbac_service_pb.js";
import { WarehouseService, type WatchWarehousesResponse } from "../../gen/kargo/api/v1/warehouse_service_pb.js";
import { WatchEventType } from "../../gen/kargo/api/v1/watch_pb.js";
import { useEmbeddedControlPlane } from "../embedded/support/use-embedded-control-plane.js";
import { eventually } from "./support/eventually.js";
import { installServerIdentity } from "./support/install-server-identity.js";
import { renderKustomization } from "./support/render-kustomization.js";
import { buildServer, startServerProcess, type ServerProcess } from "./support/server-process.js";

const ADMIN_PASSWORD = "replicas-admin-password";
const PROJECT = "replicas";


const codeOf = (promise: Promise<unknown>) => promise.then(() => undefined, (e: unknown) => ConnectError.from(e).code);

/**
 * Two replicas of the deployed server (separate processes, Kubernetes mode, in-cluster as the
 * rendered ServiceAccount) against one control plane, as the base's two-replica Deployment runs.
 * Each replica has its own informer caches and its own authentication caches; these tests pin down
 * what is shared (through the Kubernetes API) and what is per replica.
 */
describe("two replicas of the deployed server against one cluster", () => {
  const embedded = useEmbeddedControlPlane();
  let dir = "";
  const servers: ServerProcess[] = [];
  let adminToken = "";

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "kargo-replicas-"));
    const entry = buildServer(dir);
    const identity = await installServerIdentity(embedded.kubeConfig(), embedded.controlPlane, renderKustomization("base"), dir);
    const env = {
      ...identity.env,
      PORT: "0",
      BIND_ADDRESS: "127.0.0.1",
      KARGO_DATA_DIR: dir,
      LOG_LEVEL: "info",
      GRACEFUL_SHUTDOWN_TIMEOUT: "2s",
      AUTHORIZATION_CACHE_TTL: "2s",
      // Replicas share the password hash and the signing key (the Secret kargo-api-secrets).
      ADMIN_ACCOUNT_PASSWORD: ADMIN_PASSWORD,
      ADMIN_ACCOUNT_TOKEN_SIGNING_KEY: "replicas-signing-key-0123456789abcdefgh",
    };
    for (let i = 0; i < 2; i++) servers.push(await startServerProcess(entry, env, identity.inCluster));
  }, 240_000);
  afterAll(async () => {
    for (const server of servers) await server.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const client = <S extends DescService>(replica: number, service: S, token: string | null = adminToken): Client<S> =>
    createClient(service, createConnectTransport({
      baseUrl: servers[replica]!.baseUrl,
      httpVersion: "1.1",
      interceptors: token === null ? [] : [(next) => (req) => {
        req.header.set("authorization", `Bearer ${token}`);
        return next(req);
      }],
    }));

  it("accepts on one replica an admin token issued by the other", async () => {
    adminToken = (await client(0, AuthService, null).adminLogin({ password: ADMIN_PASSWORD })).idToken;
    expect((await client(1, AuthService).whoAmI({})).username).not.toBe("");
  });

  it("serves a write made through one replica from the other, once its watch has it (no read-your-writes across replicas)", async () => {
    await client(0, ProjectService).createProject({ name: PROJECT });
    // Replica 0 answers from its cache at once (read-your-writes); replica 1 once its informer
    // has the event: a client that switches replicas may briefly see NOT_FOUND.
    expect((await client(0, ProjectService).getProject({ name: PROJECT })).result.case).toBeDefined();
    const started = Date.now();
    await eventually(() => codeOf(client(1, ProjectService).getProject({ name: PROJECT })).then((code) => (code === undefined ? true : code === Code.NotFound ? undefined : Promise.reject(new Error(`code ${code}`)))), "replica 1 serves the project");
    console.log(`replica 1 served the project ${Date.now() - started} ms after replica 0 created it`);
  });

  it("streams on one replica a write made through the other", async () => {
    const abort = new AbortController();
    const seen: WatchWarehousesResponse[] = [];
    const watching = (async () => {
      try {
        for await (const m of client(1, WarehouseService).watchWarehouses({ project: PROJECT }, { signal: abort.signal })) seen.push(m);
      } catch (e) {
        if (!abort.signal.aborted) throw e;
      }
    })();
    try {
      // The stream is open once its first BOOKMARK (end of the snapshot) arrived.
      await eventually(async () => (seen.length > 0 ? true : undefined), "replica 1's watch opened");
      await client(0, WarehouseService).createWarehouse({ project: PROJECT, name: "wh", spec: { subscriptions: [{ image: { repoUrl: "ghcr.io/example/app" } }] } });
      const added = await eventually(async () => seen.find((m) => m.type === WatchEventType.ADDED && m.warehouse?.metadata?.name === "wh"), "replica 1 streams the warehouse");
      expect(added.warehouse?.metadata?.namespace).toBe(PROJECT);
      expect(seen.filter((m) => m.type === WatchEventType.ADDED && m.warehouse?.metadata?.name === "wh")).toHaveLength(1);
    } finally {
      abort.abort();
      await watching;
    }
  });

  it("refuses a deleted API token on both replicas once their cached acceptance expires (AUTHORIZATION_CACHE_TTL), and for good", async () => {
    await client(0, RbacService).createRole({ role: { metadata: { namespace: PROJECT, name: "reader" }, rules: [{ verbs: ["get"], apiGroups: ["kargo.akuity.io"], resources: ["warehouses"] }] } });
    const token = (await client(0, RbacService).createAPIToken({ project: PROJECT, roleName: "reader", name: "ci" })).token!.token;
    for (const replica of [0, 1]) expect(await codeOf(client(replica, WarehouseService, token).getWarehouse({ project: PROJECT, name: "wh" }))).toBeUndefined();
    await client(1, RbacService).deleteAPIToken({ project: PROJECT, name: "ci" });
    const deleted = Date.now();
    const refusedAfter: number[] = [];
    for (const replica of [0, 1]) {
      await eventually(async () => ((await codeOf(client(replica, AuthService, token).whoAmI({}))) === Code.Unauthenticated ? true : undefined), `replica ${replica} refuses the token`);
      refusedAfter.push(Date.now() - deleted);
    }
    console.log(`deleted API token refused after ${refusedAfter.join(" and ")} ms (AUTHORIZATION_CACHE_TTL 2s: accepted tokens are cached per replica, not invalidated by watch events)`);
    for (const replica of [0, 1]) expect(await codeOf(client(replica, WarehouseService, token).getWarehouse({ project: PROJECT, name: "wh" }))).toBe(Code.Unauthenticated);
  });

  it("limits failed admin logins per replica: each refuses the sixth within a minute, independently", async () => {
    for (const replica of [0, 1]) {
      const codes: (Code | undefined)[] = [];
      for (let i = 0; i < 6; i++) codes.push(await codeOf(client(replica, AuthService, null).adminLogin({ password: "wrong" })));
      expect(codes).toEqual([...Array(5).fill(Code.PermissionDenied), Code.ResourceExhausted]);
    }
  });
});
