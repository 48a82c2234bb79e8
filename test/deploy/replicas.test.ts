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
import { RbacAuthorizationV1Api } from "@kubernetes/client-node";
import { compiledMain } from "../support/compiled-main.js";
import { useEmbeddedControlPlane } from "../embedded/support/use-embedded-control-plane.js";
import { oidcLogin } from "../support/oidc-login.js";
import { useOidcProvider } from "../support/oidc-provider.js";
import { installServerIdentity } from "./support/install-server-identity.js";
import { renderKustomization } from "./support/render-kustomization.js";
import { serverProcessEnv, startServerProcess, type ServerProcess } from "../support/server-process.js";
import { eventually } from "../support/eventually.js";

const ADMIN_PASSWORD = "replicas-admin-password";
const PROJECT = "replicas";
const OIDC_EMAIL = "bob@example.com";

const codeOf = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (e: unknown) => ConnectError.from(e).code,
  );

/**
 * Two replicas of the deployed server (separate processes, Kubernetes mode, in-cluster as the
 * rendered ServiceAccount) against one control plane, as the base's two-replica Deployment runs.
 * Each replica has its own informer caches and its own authentication caches; these tests pin down
 * what is shared (through the Kubernetes API) and what is per replica.
 */
describe("two replicas of the deployed server against one cluster", () => {
  const embedded = useEmbeddedControlPlane();
  const oidc = useOidcProvider();
  let dir = "";
  const servers: ServerProcess[] = [];
  let adminToken = "";

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "kargo-replicas-"));
    const entry = compiledMain();
    const identity = await installServerIdentity(embedded.kubeConfig(), embedded.controlPlane, renderKustomization("base"), dir);
    const env = {
      ...serverProcessEnv(identity.env, dir),
      // Far longer than any test here: a revocation refused by a replica was refused because a
      // watch event told it, never because a cached acceptance or decision expired.
      AUTHORIZATION_CACHE_TTL: "30m",
      OIDC_ISSUER_URL: oidc().issuer,
      OIDC_CLIENT_ID: oidc().web.clientId,
      OIDC_CLI_CLIENT_ID: oidc().cli.clientId,
      // Replicas share the password hash and the signing key (the Secret kargo-api-secrets).
      ADMIN_ACCOUNT_PASSWORD: ADMIN_PASSWORD,
      ADMIN_ACCOUNT_TOKEN_SIGNING_KEY: "replicas-signing-key-0123456789abcdefgh",
    };
    for (let i = 0; i < 2; i++) servers.push(await startServerProcess(entry, env, { inCluster: identity.inCluster }));
  }, 240_000);
  afterAll(async () => {
    for (const server of servers) await server.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const client = <S extends DescService>(replica: number, service: S, token: string | null = adminToken): Client<S> =>
    createClient(
      service,
      createConnectTransport({
        baseUrl: servers[replica]!.baseUrl,
        httpVersion: "1.1",
        interceptors:
          token === null
            ? []
            : [
                (next) => (req) => {
                  req.header.set("authorization", `Bearer ${token}`);
                  return next(req);
                },
              ],
      }),
    );

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
    await eventually(
      () =>
        codeOf(client(1, ProjectService).getProject({ name: PROJECT })).then((code) =>
          code === undefined ? true : code === Code.NotFound ? undefined : Promise.reject(new Error(`code ${code}`)),
        ),
      "replica 1 serves the project",
    );
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
      await client(0, WarehouseService).createWarehouse({
        project: PROJECT,
        name: "wh",
        spec: { subscriptions: [{ image: { repoUrl: "ghcr.io/example/app" } }] },
      });
      const added = await eventually(
        async () => seen.find((m) => m.type === WatchEventType.ADDED && m.warehouse?.metadata?.name === "wh"),
        "replica 1 streams the warehouse",
      );
      expect(added.warehouse?.metadata?.namespace).toBe(PROJECT);
      expect(seen.filter((m) => m.type === WatchEventType.ADDED && m.warehouse?.metadata?.name === "wh")).toHaveLength(1);
    } finally {
      abort.abort();
      await watching;
    }
  });

  /** Waits until `replica` answers `code` to `call`, and returns how long after `since` that was. */
  const refusedBy = async (replica: number, call: () => Promise<unknown>, code: Code, since: number) => {
    await eventually(async () => ((await codeOf(call())) === code ? true : undefined), `replica ${replica} answers ${Code[code]}`);
    return Date.now() - since;
  };

  it("refuses a deleted API token on both replicas at once (a watch event, not the 30 min cache TTL)", async () => {
    await client(0, RbacService).createRole({
      role: { metadata: { namespace: PROJECT, name: "reader" }, rules: [{ verbs: ["get"], apiGroups: ["kargo.akuity.io"], resources: ["warehouses"] }] },
    });
    const token = (await client(0, RbacService).createAPIToken({ project: PROJECT, roleName: "reader", name: "ci" })).token!.token;
    // Both replicas have accepted the token and allowed the call: both caches hold it.
    for (const replica of [0, 1]) expect(await codeOf(client(replica, WarehouseService, token).getWarehouse({ project: PROJECT, name: "wh" }))).toBeUndefined();
    await client(1, RbacService).deleteAPIToken({ project: PROJECT, name: "ci" });
    const deleted = Date.now();
    const after = [];
    for (const replica of [0, 1]) after.push(await refusedBy(replica, () => client(replica, AuthService, token).whoAmI({}), Code.Unauthenticated, deleted));
    console.log(`deleted API token refused after ${after.join(" and ")} ms (AUTHORIZATION_CACHE_TTL 30m)`);
    for (const replica of [0, 1])
      expect(await codeOf(client(replica, WarehouseService, token).getWarehouse({ project: PROJECT, name: "wh" }))).toBe(Code.Unauthenticated);
  });

  it("refuses the holder of a deleted role binding on both replicas at once", async () => {
    const token = (await client(0, RbacService).createAPIToken({ project: PROJECT, roleName: "reader", name: "ci-2" })).token!.token;
    const read = (replica: number) => () => client(replica, WarehouseService, token).getWarehouse({ project: PROJECT, name: "wh" });
    for (const replica of [0, 1]) expect(await codeOf(read(replica)())).toBeUndefined();
    // Out of band, as kubectl would: nothing of this API is involved but the watches.
    await embedded.kubeConfig().makeApiClient(RbacAuthorizationV1Api).deleteNamespacedRoleBinding({ namespace: PROJECT, name: "reader" });
    const deleted = Date.now();
    const after = [];
    for (const replica of [0, 1]) after.push(await refusedBy(replica, read(replica), Code.PermissionDenied, deleted));
    console.log(`deleted role binding refused after ${after.join(" and ")} ms (AUTHORIZATION_CACHE_TTL 30m)`);
    // The token itself is still valid: only the permission went.
    for (const replica of [0, 1]) expect(await codeOf(client(replica, AuthService, token).whoAmI({}))).toBeUndefined();
  });

  it("refuses an OIDC user whose claims mapping was removed on both replicas at once", async () => {
    await client(0, RbacService).createRole({
      role: {
        metadata: { namespace: PROJECT, name: "oidc-reader" },
        claims: [{ name: "email", values: [OIDC_EMAIL] }],
        rules: [{ verbs: ["get"], apiGroups: ["kargo.akuity.io"], resources: ["warehouses"] }],
      },
    });
    oidc().setAccount("bob", { email: OIDC_EMAIL });
    const idToken = (await oidcLogin(oidc().issuer, oidc().cli, "bob")).idToken;
    const read = (replica: number) => () => client(replica, WarehouseService, idToken).getWarehouse({ project: PROJECT, name: "wh" });
    // Each replica maps the user once its own ServiceAccount watch has the claims.
    for (const replica of [0, 1])
      await eventually(async () => ((await codeOf(read(replica)())) === undefined ? true : undefined), `replica ${replica} maps the user`);
    await client(1, RbacService).updateRole({
      role: {
        metadata: { namespace: PROJECT, name: "oidc-reader" },
        claims: [],
        rules: [{ verbs: ["get"], apiGroups: ["kargo.akuity.io"], resources: ["warehouses"] }],
      },
    });
    const removed = Date.now();
    const after = [];
    for (const replica of [0, 1]) after.push(await refusedBy(replica, read(replica), Code.PermissionDenied, removed));
    console.log(`removed claims mapping refused after ${after.join(" and ")} ms (AUTHORIZATION_CACHE_TTL 30m)`);
  });

  it("limits failed admin logins per replica: each refuses the sixth within a minute, independently", async () => {
    for (const replica of [0, 1]) {
      const codes: (Code | undefined)[] = [];
      for (let i = 0; i < 6; i++) codes.push(await codeOf(client(replica, AuthService, null).adminLogin({ password: "wrong" })));
      expect(codes).toEqual([...Array(5).fill(Code.PermissionDenied), Code.ResourceExhausted]);
    }
  });
});
