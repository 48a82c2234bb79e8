import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { KubernetesObjectApi, RbacAuthorizationV1Api, type KubernetesObject, type V1ClusterRole, type V1PolicyRule } from "@kubernetes/client-node";
import { createLogger } from "../../src/server/create-logger.js";
import { compiledMain } from "../support/compiled-main.js";
import { STACK_ADMIN_PASSWORD, startKargoStack, type KargoStack } from "../support/use-kargo-stack.js";
import { useEmbeddedControlPlane } from "../embedded/support/use-embedded-control-plane.js";
import { oidcLogin } from "../support/oidc-login.js";
import { useOidcProvider } from "../support/oidc-provider.js";
import { renderKustomization, theObject } from "./support/render-kustomization.js";
import { runScenario, SCENARIO, type ScenarioOutcome } from "./support/rpc-scenario.js";
import { installServerIdentity } from "./support/install-server-identity.js";
import { serverProcessEnv, startServerProcess, type InClusterLayout, type ServerProcess } from "../support/server-process.js";

const ADMIN_PASSWORD = "least-privilege-admin-password";
const GLOBAL_NAMESPACE = "lp-global";
const OIDC_EMAIL = "alice@example.com";

/** "verbs on group/resources", to name a rule in reports. */
const describeRule = (r: V1PolicyRule) =>
  `${r.verbs.join(",")} on ${(r.resources ?? []).map((res) => `${r.apiGroups?.[0] ? `${r.apiGroups[0]}/` : ""}${res}`).join(",")}`;

/**
 * The RPC that shows each rule is needed, keyed "<group>/<first resource>:<first verb>" (every step
 * of the scenario runs for a rule not listed here: slower, same verdict).
 */
const PROBES: Record<string, string> = {
  "kargo.akuity.io/projects:get": "ProjectService.GetProject+ListProjects",
  "kargo.akuity.io/projects:create": "ProjectService.CreateProject",
  "kargo.akuity.io/projectconfigs:patch": "WarehouseService.UpdateWarehouse",
  "kargo.akuity.io/freights/status:patch": "FreightService.ApproveFreight",
  "kargo.akuity.io/stages:promote": "PromotionService.PromoteToStage",
  "kargo.akuity.io/clusterconfigs:get": "ResourceService ClusterConfig",
  "/namespaces:get": "WarehouseService.CreateWarehouse",
  "/namespaces:create": "ResourceService.CreateResource+UpdateResource+CreateOrUpdateResource+DeleteResource",
  "/secrets:get": "CredentialsService.*RepoCredentials",
  "/serviceaccounts:get": "RbacService.GetRole+ListRoles",
  "/events:get": "ProjectService.ListProjectEvents+WatchProjectEvents",
  "coordination.k8s.io/leases:get": "SystemService.GetControllerHeartbeats",
  "/configmaps:get": "ResourceService.CreateResource+UpdateResource+CreateOrUpdateResource+DeleteResource",
  "rbac.authorization.k8s.io/roles:get": "RbacService.GetRole+ListRoles",
  "rbac.authorization.k8s.io/clusterroles:get": "ResourceService.CreateResource+UpdateResource+CreateOrUpdateResource+DeleteResource",
  "rbac.authorization.k8s.io/clusterrolebindings:get": "RbacService.GetRole+ListRoles",
  "rbac.authorization.k8s.io/roles:escalate": "RbacService.CreateRole",
  "rbac.authorization.k8s.io/roles:bind": "ResourceService.CreateResource+UpdateResource+CreateOrUpdateResource+DeleteResource",
  "authentication.k8s.io/tokenreviews:create": "an API token's call (TokenReview)",
  "authorization.k8s.io/subjectaccessreviews:create": "an OIDC user's call (SubjectAccessReview)",
};
const probeOf = (r: V1PolicyRule) => PROBES[`${r.apiGroups?.[0] ?? ""}/${r.resources?.[0] ?? ""}:${r.verbs[0]}`];

/**
 * The deploy/ manifests' ClusterRole is exactly what the server needs: the rendered
 * ServiceAccount, ClusterRole and ClusterRoleBinding are created in an embedded control plane,
 * the server runs in Kubernetes mode as that ServiceAccount (in-cluster configuration, as in a
 * pod: see installServerIdentity), and a call of every RPC succeeds; without any one rule, a
 * call fails. The rules that feed an informer each need a fresh server: those run in this process
 * (startKargoApi, in kubeconfig mode with the same ServiceAccount's token), since what they prove
 * is what the ServiceAccount may do, not the pod's layout, which the first test proves.
 */
describe("the deploy/ ClusterRole (least privilege, proven against a control plane that enforces RBAC)", () => {
  const embedded = useEmbeddedControlPlane();
  const oidc = useOidcProvider();
  const base = renderKustomization("base");
  const clusterRole = theObject(base, "ClusterRole") as unknown as V1ClusterRole;
  let dir = "";
  let serverEnv: Record<string, string> = {};
  let inProcessEnv: Record<string, string> = {};
  let oidcToken = "";
  let rbac: RbacAuthorizationV1Api;
  let entry = "";
  let inCluster: InClusterLayout | undefined;
  let run = 0;
  const timings: string[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "kargo-least-privilege-"));
    entry = compiledMain();
    const admin = embedded.kubeConfig();
    const objects = KubernetesObjectApi.makeApiClient(admin);
    rbac = admin.makeApiClient(RbacAuthorizationV1Api);
    const identity = await installServerIdentity(admin, embedded.controlPlane, base, dir);
    inCluster = identity.inCluster;
    // An OIDC user's claims map to a ServiceAccount of a global namespace that may read stages
    // everywhere: its calls make the server review access with a SubjectAccessReview.
    await objects.create({ apiVersion: "v1", kind: "Namespace", metadata: { name: GLOBAL_NAMESPACE } });
    await objects.create({
      apiVersion: "v1",
      kind: "ServiceAccount",
      metadata: { name: "stage-reader", namespace: GLOBAL_NAMESPACE, annotations: { "rbac.kargo.akuity.io/claims": JSON.stringify({ email: [OIDC_EMAIL] }) } },
    } as KubernetesObject);
    await objects.create({
      apiVersion: "rbac.authorization.k8s.io/v1",
      kind: "ClusterRole",
      metadata: { name: "lp-stage-reader" },
      rules: [{ apiGroups: ["kargo.akuity.io"], resources: ["stages"], verbs: ["get", "list", "watch"] }],
    } as KubernetesObject);
    await objects.create({
      apiVersion: "rbac.authorization.k8s.io/v1",
      kind: "ClusterRoleBinding",
      metadata: { name: "lp-stage-reader" },
      roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "lp-stage-reader" },
      subjects: [{ kind: "ServiceAccount", name: "stage-reader", namespace: GLOBAL_NAMESPACE }],
    } as KubernetesObject);

    oidc().setAccount("alice", { email: OIDC_EMAIL });
    oidcToken = (await oidcLogin(oidc().issuer, oidc().cli, "alice")).idToken;
    serverEnv = {
      ...serverProcessEnv(identity.env, dir),
      // Every request reviewed afresh: nothing is answered from an earlier decision.
      AUTHORIZATION_CACHE_TTL: "0s",
      ADMIN_ACCOUNT_PASSWORD: ADMIN_PASSWORD,
      ADMIN_ACCOUNT_TOKEN_SIGNING_KEY: "least-privilege-signing-key-0123456789",
      OIDC_ISSUER_URL: oidc().issuer,
      OIDC_CLIENT_ID: oidc().web.clientId,
      OIDC_CLI_CLIENT_ID: oidc().cli.clientId,
      GLOBAL_SERVICE_ACCOUNT_NAMESPACES: GLOBAL_NAMESPACE,
    };
    // The same settings for a server in this process (startKargoStack adds the listener, the data
    // directory, a short shutdown and the admin account, whose password is STACK_ADMIN_PASSWORD).
    inProcessEnv = {
      KUBECONFIG: identity.kubeconfig,
      LOG_LEVEL: "info",
      AUTHORIZATION_CACHE_TTL: "0s",
      OIDC_ISSUER_URL: oidc().issuer,
      OIDC_CLIENT_ID: oidc().web.clientId,
      OIDC_CLI_CLIENT_ID: oidc().cli.clientId,
      GLOBAL_SERVICE_ACCOUNT_NAMESPACES: GLOBAL_NAMESPACE,
    };
  }, 180_000);
  afterAll(() => {
    console.log(timings.join("\n"));
    rmSync(dir, { recursive: true, force: true });
  });

  const setRules = (rules: V1PolicyRule[]) =>
    rbac.patchClusterRole({ name: clusterRole.metadata!.name!, body: [{ op: "replace", path: "/rules", value: rules }] });
  const scenarioOn = (server: ServerProcess, only?: string) =>
    runScenario({ baseUrl: server.baseUrl, adminPassword: ADMIN_PASSWORD, oidcToken, project: `lp-${++run}`, signal: server.stuck }, only);

  /**
   * Sets the ClusterRole's rules, starts a fresh server in this process, runs the scenario (or one
   * step), stops the server. As startServerProcess does for a process, an informer the API refuses
   * ("informer retrying") marks the server stuck: before it serves, start-up fails (it would wait
   * for that cache forever); the rules are then restored, so the informer's next retry succeeds
   * and the start-up finishes, and the server is closed: nothing outlives the test.
   */
  async function freshServerWith(rules: V1PolicyRule[], only?: string): Promise<ScenarioOutcome> {
    await setRules(rules);
    const started = Date.now();
    const stuck = new AbortController();
    const logger = createLogger("info", {
      write: (line: string) => {
        const record = JSON.parse(line) as { msg?: string; type?: string; err?: { message?: string } };
        if (record.msg === "informer retrying" && !stuck.signal.aborted)
          stuck.abort(new Error(`the ${String(record.type)} informer is refused: ${record.err?.message ?? "?"}`));
      },
    });
    const starting = startKargoStack({ env: inProcessEnv, logger });
    const refused = new Promise<Error>((resolve) => stuck.signal.addEventListener("abort", () => resolve(stuck.signal.reason as Error), { once: true }));
    const server: KargoStack | Error = await Promise.race([starting.catch((error: unknown) => error as Error), refused]);
    timings.push(`start ${Date.now() - started} ms`);
    if (server instanceof Error) {
      // A server that cannot start without the rule is broken too.
      await setRules(clusterRole.rules!);
      await starting.then((s) => s.close()).catch(() => {});
      return { passed: [], failed: { step: "start-up", error: server } };
    }
    try {
      return await runScenario({ baseUrl: server.baseUrl, adminPassword: STACK_ADMIN_PASSWORD, oidcToken, project: `lp-${++run}`, signal: stuck.signal }, only);
    } finally {
      timings.push(`run ${Date.now() - started} ms`);
      await server.close();
    }
  }

  // A rule with list or watch feeds an informer, which keeps what it listed once started: such a
  // rule is removed before a fresh server starts. Any other rule is checked on each request, so
  // one server, its caches warm, serves all of them, each rule removed while it runs.
  const feedsInformer = (r: V1PolicyRule) => r.verbs.includes("list") || r.verbs.includes("watch");
  const report: string[] = [];
  const unneeded: string[] = [];
  const record = (rule: V1PolicyRule, outcome: ScenarioOutcome) => {
    if (outcome.failed)
      report.push(`without ${describeRule(rule)}: ${outcome.failed.step} fails (${String(outcome.failed.error).slice(0, 200).replace(/\s+/g, " ")})`);
    else unneeded.push(describeRule(rule));
  };
  let warm: ServerProcess | undefined;
  afterAll(async () => {
    await warm?.stop();
    if (report.length > 0) console.log(`Each rule of the deploy/ ClusterRole, removed:\n${report.join("\n")}`);
  });

  it("lets a call of every RPC succeed as the rendered ServiceAccount", async () => {
    await setRules(clusterRole.rules!);
    warm = await startServerProcess(entry, serverEnv, { inCluster });
    // The server took the configuration of a pod, or the kubeconfig where that was not possible.
    expect(warm.lines.find((l) => l.msg?.toString().startsWith("kargo api serving"))?.mode).toBe(inCluster ? "in-cluster" : "kubeconfig");
    const outcome = await scenarioOn(warm);
    expect(outcome.failed && { step: outcome.failed.step, error: String(outcome.failed.error) }).toBeUndefined();
    expect(outcome.passed).toEqual(SCENARIO.map((s) => s.name));
    expect(warm.lines.filter((l) => l.msg === "informer retrying")).toEqual([]);
  }, 120_000);

  it("needs each rule that is checked per request: without it an RPC fails", async () => {
    if (!warm) throw new Error("the server of the previous test did not start");
    const rules = clusterRole.rules!;
    try {
      for (const rule of rules.filter((r) => !feedsInformer(r))) {
        await setRules(rules.filter((r) => r !== rule));
        record(rule, await scenarioOn(warm, probeOf(rule)));
      }
    } finally {
      await setRules(rules);
    }
    expect(unneeded).toEqual([]);
  }, 300_000);

  it("needs each rule that feeds an informer: a server started without it cannot answer an RPC", async () => {
    const rules = clusterRole.rules!;
    try {
      for (const rule of rules.filter(feedsInformer))
        record(
          rule,
          await freshServerWith(
            rules.filter((r) => r !== rule),
            probeOf(rule),
          ),
        );
    } finally {
      await setRules(rules);
    }
    expect(unneeded).toEqual([]);
    expect(report).toHaveLength(rules.length);
  }, 300_000);
});
