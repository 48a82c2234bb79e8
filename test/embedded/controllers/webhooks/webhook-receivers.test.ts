import { createHmac } from "node:crypto";
import { CoreV1Api, CustomObjectsApi } from "@kubernetes/client-node";
import { REFRESH_ANNOTATION } from "../../../../src/domain/well-known-keys.js";
import { webhookPath } from "../../../../src/embedded/controllers/webhooks/webhook-path.js";
import { createTestRepository, type TestRepository } from "../support/git-repository.js";
import { useControllers } from "../support/use-controllers.js";
import { eventually } from "../../../support/eventually.js";

const PROJECT = "hooks";
const GITHUB_SECRET = "gh-webhook-s3cret";
const GITLAB_TOKEN = "gl-webhook-t0ken";

interface Warehouse {
  metadata: { annotations?: Record<string, string> };
  status?: { lastHandledRefresh?: string };
}

describe("webhook receivers of a ProjectConfig", () => {
  const fixture = useControllers({ webhooks: { host: "127.0.0.1", port: 0, ratePerSecond: 0.001, burst: 12 } });
  let app: TestRepository;
  let other: TestRepository;
  let baseURL: string;
  let github: { path: string; url: string };
  let gitlab: { path: string; url: string };

  const refreshOf = async (name: string) =>
    ((await fixture.client.get("warehouses", PROJECT, name)) as unknown as Warehouse).metadata.annotations?.[REFRESH_ANNOTATION];
  const handledOf = async (name: string) => ((await fixture.client.get("warehouses", PROJECT, name)) as unknown as Warehouse).status?.lastHandledRefresh;
  const post = (url: string, body: string, headers: Record<string, string>) =>
    fetch(url, { method: "POST", body, headers: { "Content-Type": "application/json", ...headers } });
  const sign = (body: string, secret = GITHUB_SECRET) => `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`;
  const githubPush = (repoURL: string) => JSON.stringify({ ref: "refs/heads/main", repository: { html_url: repoURL, full_name: "org/app" } });

  beforeAll(async () => {
    baseURL = (await fixture.controllers.webhookBaseURL)!;
    app = createTestRepository();
    app.commit({ "a.txt": "1\n" }, "one");
    other = createTestRepository();
    other.commit({ "b.txt": "1\n" }, "one");
    await fixture.createProject(PROJECT);
    const core = fixture.plane.kubeConfig().makeApiClient(CoreV1Api);
    await core.createNamespacedSecret({
      namespace: PROJECT,
      body: { metadata: { name: "gh", labels: { "kargo.akuity.io/cred-type": "generic" } }, stringData: { secret: GITHUB_SECRET } },
    });
    await core.createNamespacedSecret({ namespace: PROJECT, body: { metadata: { name: "gl" }, stringData: { "secret-token": GITLAB_TOKEN } } });
    for (const [name, repo] of [
      ["app", app],
      ["other", other],
    ] as const) {
      await fixture.client.create("warehouses", PROJECT, {
        apiVersion: "kargo.akuity.io/v1alpha1",
        kind: "Warehouse",
        metadata: { name, namespace: PROJECT },
        spec: { interval: "24h", subscriptions: [{ git: { repoURL: repo.url, branch: "main" } }] },
      });
    }
    await fixture.client.create("projectconfigs", PROJECT, {
      apiVersion: "kargo.akuity.io/v1alpha1",
      kind: "ProjectConfig",
      metadata: { name: PROJECT, namespace: PROJECT },
      spec: {
        webhookReceivers: [
          { name: "gh", github: { secretRef: { name: "gh" } } },
          { name: "gl", gitlab: { secretRef: { name: "gl" } } },
          { name: "missing", quay: { secretRef: { name: "nope" } } },
        ],
      },
    });
    let status: { webhookReceivers?: { name: string; path: string; url: string }[]; conditions?: { status: string; message: string }[] } = {};
    await eventually(async () => {
      status = ((await fixture.client.get("projectconfigs", PROJECT, PROJECT)) as unknown as { status?: typeof status }).status ?? {};
      return (status.webhookReceivers?.length ?? 0) === 2;
    });
    github = status.webhookReceivers!.find((r) => r.name === "gh")!;
    gitlab = status.webhookReceivers!.find((r) => r.name === "gl")!;
    expect(status.conditions?.[0]).toMatchObject({ status: "False", message: 'receiver "missing": Secret "nope" not found' });
    // Both Warehouses have had their first discovery: later refreshes are the webhook's doing.
    await eventually(
      async () =>
        (await handledOf("app")) === undefined && (await handledOf("other")) === undefined && (await fixture.client.list("freights", PROJECT)).length === 2,
    );
  }, 60_000);

  it("publishes each receiver's URL at Kargo's path (/webhook/<type>/<sha256(project, name, secret)>)", () => {
    expect(github).toEqual({
      name: "gh",
      path: webhookPath(PROJECT, "github", "gh", [GITHUB_SECRET]),
      url: `${baseURL}${webhookPath(PROJECT, "github", "gh", [GITHUB_SECRET])}`,
    });
    expect(github.path).toMatch(/^\/webhook\/github\/[0-9a-f]{64}$/u);
    expect(gitlab.path).toMatch(/^\/webhook\/gitlab\/[0-9a-f]{64}$/u);
  });

  it("refreshes exactly the Warehouse subscribed to the repository of a GitHub push with a valid signature", async () => {
    const body = githubPush(app.url);
    const started = Date.now();
    const response = await post(github.url, body, { "X-GitHub-Event": "push", "X-Hub-Signature-256": sign(body) });
    console.info(`POST answered in ${Date.now() - started} ms`);
    expect([response.status, await response.json()]).toEqual([200, { msg: "refreshed 1 warehouse(s)" }]);
    const token = await refreshOf("app");
    expect(token).toBeDefined();
    await eventually(async () => (await handledOf("app")) === token);
    // Recorded, not asserted: the machine is shared; the report gives the figure.
    console.info(`webhook → warehouse refresh handled in ${Date.now() - started} ms`);
    expect(await refreshOf("other")).toBeUndefined();
  });

  it("refuses a forged signature, a missing one and an unknown receiver, refreshing nothing", async () => {
    const body = githubPush(other.url);
    const forged = await post(github.url, body, { "X-GitHub-Event": "push", "X-Hub-Signature-256": sign(body, "guessed") });
    expect(forged.status).toBe(401);
    const unsigned = await post(github.url, body, { "X-GitHub-Event": "push" });
    expect(unsigned.status).toBe(401);
    const unknown = await post(`${baseURL}/webhook/github/${"0".repeat(64)}`, body, { "X-GitHub-Event": "push", "X-Hub-Signature-256": sign(body) });
    expect(unknown.status).toBe(404);
    expect(await refreshOf("other")).toBeUndefined();
  });

  it("refuses an oversized body with 413", async () => {
    const body = JSON.stringify({ repository: { html_url: other.url }, padding: "x".repeat(3 << 20) });
    const response = await post(github.url, body, { "X-GitHub-Event": "push", "X-Hub-Signature-256": sign(body) });
    expect(response.status).toBe(413);
    expect(await refreshOf("other")).toBeUndefined();
  });

  it("takes a GitLab push with the right token, and refuses a wrong one", async () => {
    const body = JSON.stringify({ object_kind: "push", project: { git_http_url: other.url } });
    expect((await post(gitlab.url, body, { "X-Gitlab-Event": "Push Hook", "X-Gitlab-Token": "wrong" })).status).toBe(401);
    expect(await refreshOf("other")).toBeUndefined();
    const response = await post(gitlab.url, body, { "X-Gitlab-Event": "Push Hook", "X-Gitlab-Token": GITLAB_TOKEN });
    expect(response.status).toBe(200);
    expect(await refreshOf("other")).toBeDefined();
  });

  it("serves the ClusterConfig's receivers too (Secrets in the system resources namespace), refreshing subscribed Warehouses of any project", async () => {
    const core = fixture.plane.kubeConfig().makeApiClient(CoreV1Api);
    await core.createNamespacedSecret({ namespace: "kargo-system-resources", body: { metadata: { name: "quay" }, stringData: { secret: "quay-url-seed" } } });
    // Nothing listens on port 1: this Warehouse's discoveries fail, which does not matter here.
    await fixture.client.create("warehouses", PROJECT, {
      apiVersion: "kargo.akuity.io/v1alpha1",
      kind: "Warehouse",
      metadata: { name: "web", namespace: PROJECT },
      spec: { interval: "24h", subscriptions: [{ image: { repoURL: "127.0.0.1:1/acme/web" } }] },
    });
    await fixture.plane
      .kubeConfig()
      .makeApiClient(CustomObjectsApi)
      .createClusterCustomObject({
        group: "kargo.akuity.io",
        version: "v1alpha1",
        plural: "clusterconfigs",
        body: {
          apiVersion: "kargo.akuity.io/v1alpha1",
          kind: "ClusterConfig",
          metadata: { name: "cluster" },
          spec: { webhookReceivers: [{ name: "registry", quay: { secretRef: { name: "quay" } } }] },
        },
      });
    let receivers: { name: string; path: string; url: string }[] = [];
    await eventually(async () => {
      const cluster = (await fixture.client.list("clusterconfigs"))[0] as unknown as { status?: { webhookReceivers?: typeof receivers } } | undefined;
      receivers = cluster?.status?.webhookReceivers ?? [];
      return receivers.length === 1;
    });
    expect(receivers[0]!.path).toBe(webhookPath("", "quay", "registry", ["quay-url-seed"]));
    const response = await post(receivers[0]!.url, JSON.stringify({ docker_url: "127.0.0.1:1/acme/web", updated_tags: ["1.0.0"] }), {});
    expect([response.status, await response.json()]).toEqual([200, { msg: "refreshed 1 warehouse(s)" }]);
    expect(await refreshOf("web")).toBeDefined();
  });

  it("rate limits a receiver: beyond its burst, 429 without looking at the request", async () => {
    // The burst is 12 and refills at one per 1,000 s; the tests above used 4 of GitHub's.
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) statuses.push((await post(github.url, "{}", { "X-GitHub-Event": "push", "X-Hub-Signature-256": "sha256=00" })).status);
    expect(statuses.filter((s) => s === 429).length).toBe(4);
    expect(statuses.filter((s) => s !== 429).every((s) => s === 401)).toBe(true);
  });
});
