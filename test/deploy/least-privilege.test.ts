import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CoreV1Api, KubernetesObjectApi, RbacAuthorizationV1Api, type KubernetesObject, type V1ClusterRole, type V1PolicyRule } from "@kubernetes/client-node";
import { stringify } from "yaml";
import { useEmbeddedControlPlane } from "../embedded/support/use-embedded-control-plane.js";
import { oidcLogin } from "../support/oidc-login.js";
import { useOidcProvider } from "../support/oidc-provider.js";
import { renderKustomization, theObject } from "./support/render-kustomization.js";
import { runScenario, SCENARIO, type ScenarioOutcome } from "./support/rpc-scenario.js";
import { startServerProcess } from "./support/server-process.js";

const ADMIN_PASSWORD = "least-privilege-admin-password";
const GLOBAL_NAMESPACE = "lp-global";
const OIDC_EMAIL = "alice@example.com";

/** "verbs on group/resources", to name a rule in reports. */
const describeRule = (r: V1PolicyRule) => `${r.verbs.join(",")} on ${(r.resources ?? []).map((res) => `${r.apiGroups?.[0] ? `${r.apiGroups[0]}/` : ""}${res}`).join(",")}`;

/**
 * The deploy/ manifests' ClusterRole is exactly what the server needs: the rendered
 * ServiceAccount, ClusterRole and ClusterRoleBinding are created in an embedded control plane,
 * the server runs in Kubernetes mode as that ServiceAccount (a kubeconfig with its TokenRequest
 * token and the control plane's CA), and a call of every RPC succeeds; without any one rule, a
 * call fails.
 */
describe("the deploy/ ClusterRole (least privilege, proven against a control plane that enforces RBAC)", () => {
  const embedded = useEmbeddedControlPlane();
  const oidc = useOidcProvider();
  const base = renderKustomization("base");
  const clusterRole = theObject(base, "ClusterRole") as unknown as V1ClusterRole;
  const serviceAccount = theObject(base, "ServiceAccount");
  let dir = "";
  let serverEnv: Record<string, string> = {};
  let oidcToken = "";
  let rbac: RbacAuthorizationV1Api;
  let run = 0;
  const timings: string[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "kargo-least-privilege-"));
    const admin = embedded.kubeConfig();
    const objects = KubernetesObjectApi.makeApiClient(admin);
    rbac = admin.makeApiClient(RbacAuthorizationV1Api);
    for (const kind of ["Namespace", "ServiceAccount", "ClusterRole", "ClusterRoleBinding"]) {
      await objects.create(theObject(base, kind) as unknown as KubernetesObject);
    }
    // An OIDC user's claims map to a ServiceAccount of a global namespace that may read stages
    // everywhere: its calls make the server review access with a SubjectAccessReview.
    await objects.create({ apiVersion: "v1", kind: "Namespace", metadata: { name: GLOBAL_NAMESPACE } });
    await objects.create({
      apiVersion: "v1",
      kind: "ServiceAccount",
      metadata: { name: "stage-reader", namespace: GLOBAL_NAMESPACE, annotations: { "rbac.kargo.akuity.io/claims": JSON.stringify({ email: [OIDC_EMAIL] }) } },
    } as KubernetesObject);
    await objects.create({ apiVersion: "rbac.authorization.k8s.io/v1", kind: "ClusterRole", metadata: { name: "lp-stage-reader" }, rules: [{ apiGroups: ["kargo.akuity.io"], resources: ["stages"], verbs: ["get", "list", "watch"] }] } as KubernetesObject);
    await objects.create({
      apiVersion: "rbac.authorization.k8s.io/v1",
      kind: "ClusterRoleBinding",
      metadata: { name: "lp-stage-reader" },
      roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "lp-stage-reader" },
      subjects: [{ kind: "ServiceAccount", name: "stage-reader", namespace: GLOBAL_NAMESPACE }],
    } as KubernetesObject);

    // What the kubelet mounts into the pod: a TokenRequest token of the ServiceAccount and the CA.
    const { status } = await admin.makeApiClient(CoreV1Api).createNamespacedServiceAccountToken({
      name: serviceAccount.metadata.name,
      namespace: serviceAccount.metadata.namespace!,
      body: { apiVersion: "authentication.k8s.io/v1", kind: "TokenRequest", spec: { audiences: [], expirationSeconds: 3600 } },
    });
    const kubeconfig = join(dir, "kubeconfig");
    writeFileSync(
      kubeconfig,
      stringify({
        apiVersion: "v1",
        kind: "Config",
        clusters: [{ name: "cluster", cluster: { server: embedded.controlPlane.url, "certificate-authority-data": Buffer.from(embedded.controlPlane.caCertificate).toString("base64") } }],
        users: [{ name: "kargo-api", user: { token: status!.token } }],
        contexts: [{ name: "kargo-api", context: { cluster: "cluster", user: "kargo-api" } }],
        "current-context": "kargo-api",
      }),
      { mode: 0o600 },
    );

    oidc().setAccount("alice", { email: OIDC_EMAIL });
    oidcToken = (await oidcLogin(oidc().issuer, oidc().cli, "alice")).idToken;
    serverEnv = {
      KUBECONFIG: kubeconfig,
      PORT: "0",
      BIND_ADDRESS: "127.0.0.1",
      KARGO_DATA_DIR: dir,
      LOG_LEVEL: "info",
      GRACEFUL_SHUTDOWN_TIMEOUT: "2s",
      // Every request reviewed afresh: nothing is answered from an earlier decision.
      AUTHORIZATION_CACHE_TTL: "0s",
      ADMIN_ACCOUNT_PASSWORD: ADMIN_PASSWORD,
      ADMIN_ACCOUNT_TOKEN_SIGNING_KEY: "least-privilege-signing-key-0123456789",
      OIDC_ISSUER_URL: oidc().issuer,
      OIDC_CLIENT_ID: oidc().web.clientId,
      OIDC_CLI_CLIENT_ID: oidc().cli.clientId,
      GLOBAL_SERVICE_ACCOUNT_NAMESPACES: GLOBAL_NAMESPACE,
    };
  }, 60_000);
  afterAll(() => {
    console.log(timings.join("\n"));
    rmSync(dir, { recursive: true, force: true });
  });

  /** Sets the ClusterRole's rules, starts a fresh server, runs the scenario, stops the server. */
  async function scenarioWith(rules: V1PolicyRule[]): Promise<ScenarioOutcome> {
    await rbac.patchClusterRole({ name: clusterRole.metadata!.name!, body: [{ op: "replace", path: "/rules", value: rules }] });
    const started = Date.now();
    const server = await startServerProcess(serverEnv);
    timings.push(`start ${Date.now() - started} ms`);
    try {
      return await runScenario({ baseUrl: server.baseUrl, adminPassword: ADMIN_PASSWORD, oidcToken, project: `lp-${++run}`, signal: server.stuck });
    } finally {
      timings.push(`run ${Date.now() - started} ms`);
      await server.stop();
    }
  }

  it("lets a call of every RPC succeed as the rendered ServiceAccount", async () => {
    const outcome = await scenarioWith(clusterRole.rules!);
    expect(outcome.failed && { step: outcome.failed.step, error: String(outcome.failed.error) }).toBeUndefined();
    expect(outcome.passed).toEqual(SCENARIO.map((s) => s.name));
  }, 120_000);

  it("has no rule the server could do without: removing any one breaks an RPC", async () => {
    const broken: string[] = [];
    const unneeded: string[] = [];
    for (const [i, rule] of clusterRole.rules!.entries()) {
      const outcome = await scenarioWith(clusterRole.rules!.filter((_, j) => j !== i));
      if (outcome.failed) broken.push(`without ${describeRule(rule)}: ${outcome.failed.step} fails (${String(outcome.failed.error).slice(0, 160)})`);
      else unneeded.push(describeRule(rule));
    }
    await rbac.patchClusterRole({ name: clusterRole.metadata!.name!, body: [{ op: "replace", path: "/rules", value: clusterRole.rules }] });
    console.log(`Each rule of the ClusterRole, removed:\n${broken.join("\n")}`);
    expect(unneeded).toEqual([]);
    expect(broken).toHaveLength(clusterRole.rules!.length);
  }, 600_000);
});
