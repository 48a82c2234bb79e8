import { createHmac } from "node:crypto";
import { CoreV1Api } from "@kubernetes/client-node";
import { REFRESH_ANNOTATION } from "../../../../src/domain/well-known-keys.js";
import { webhookPath } from "../../../../src/embedded/controllers/webhooks/webhook-path.js";
import { createTestRepository, type TestRepository } from "../support/git-repository.js";
import { useControllers } from "../support/use-controllers.js";
import { eventually } from "../../../support/eventually.js";

const PROJECT = "more-hooks";
const SECRETS = {
  gitea: { secret: "gitea-s3cret" },
  bitbucket: { secret: "bitbucket-s3cret" },
  artifactory: { "secret-token": "jfrog-t0ken" },
  azure: { secret: "azure-url-seed" },
  harbor: { "auth-header": "Basic aGFyYm9yOnMzY3JldA==" },
  generic: { secret: "generic-url-seed" },
} as const;
// Nothing listens on port 1: discoveries of these image Warehouses fail, which does not matter here.
const IMAGE = "127.0.0.1:1/acme/web";
const OTHER_IMAGE = "127.0.0.1:1/acme/other";

describe("gitea, bitbucket, artifactory, azure, harbor and generic webhook receivers", () => {
  const fixture = useControllers({ webhooks: { host: "127.0.0.1", port: 0 } });
  let app: TestRepository;
  let other: TestRepository;
  const urls: Record<string, string> = {};

  const refreshOf = async (name: string) =>
    ((await fixture.client.get("warehouses", PROJECT, name)) as unknown as { metadata: { annotations?: Record<string, string> } }).metadata.annotations?.[
      REFRESH_ANNOTATION
    ];
  const refreshes = async () =>
    Object.fromEntries(await Promise.all(["app", "other", "web", "web-other", "team-a"].map(async (name) => [name, await refreshOf(name)] as const)));
  /** Posts, and answers the response with the names of the Warehouses whose refresh token changed. */
  const post = async (receiver: keyof typeof SECRETS, body: string, headers: Record<string, string>) => {
    const before = await refreshes();
    const response = await fetch(urls[receiver]!, { method: "POST", body, headers: { "Content-Type": "application/json", ...headers } });
    const answer = (await response.json()) as Record<string, unknown>;
    const after = await refreshes();
    return {
      status: response.status,
      answer,
      refreshed: Object.keys(after)
        .filter((name) => after[name] !== before[name])
        .sort(),
    };
  };
  const hmac = (body: string, key: string) => createHmac("sha256", key).update(body).digest("hex");

  beforeAll(async () => {
    app = createTestRepository();
    app.commit({ "a.txt": "1\n" }, "one");
    other = createTestRepository();
    other.commit({ "b.txt": "1\n" }, "one");
    await fixture.createProject(PROJECT);
    const core = fixture.plane.kubeConfig().makeApiClient(CoreV1Api);
    for (const [type, data] of Object.entries(SECRETS))
      await core.createNamespacedSecret({ namespace: PROJECT, body: { metadata: { name: type }, stringData: data } });
    const warehouses: [string, Record<string, unknown>, Record<string, string>?][] = [
      ["app", { git: { repoURL: app.url, branch: "main" } }],
      ["other", { git: { repoURL: other.url, branch: "main" } }],
      ["web", { image: { repoURL: IMAGE } }],
      ["web-other", { image: { repoURL: OTHER_IMAGE } }],
      ["team-a", { git: { repoURL: other.url, branch: "main" } }, { team: "a" }],
    ];
    for (const [name, subscription, labels] of warehouses) {
      await fixture.client.create("warehouses", PROJECT, {
        apiVersion: "kargo.akuity.io/v1alpha1",
        kind: "Warehouse",
        metadata: { name, namespace: PROJECT, ...(labels ? { labels } : {}) },
        spec: { interval: "24h", subscriptions: [subscription] },
      });
    }
    const generic = {
      secretRef: { name: "generic" },
      actions: [
        {
          action: "Refresh",
          parameters: { event: "push", header: "X-Event-Type" },
          whenExpression: "request.header(params.header) == params.event",
          targetSelectionCriteria: [
            {
              kind: "Warehouse",
              indexSelector: { matchIndices: [{ key: "subscribedURLs", operator: "Equal", value: "${{ normalizeGit(request.body.repository.url) }}" }] },
            },
          ],
        },
        {
          action: "Refresh",
          whenExpression: "${{ request.body.team != nil }}",
          targetSelectionCriteria: [
            { kind: "Warehouse", labelSelector: { matchExpressions: [{ key: "team", operator: "In", values: ["${{ request.body.team }}"] }] } },
          ],
        },
        {
          action: "Refresh",
          whenExpression: "request.body.image != nil",
          targetSelectionCriteria: [{ kind: "Warehouse", name: "${{ request.body.warehouse }}" }],
        },
      ],
    };
    await fixture.client.create("projectconfigs", PROJECT, {
      apiVersion: "kargo.akuity.io/v1alpha1",
      kind: "ProjectConfig",
      metadata: { name: PROJECT, namespace: PROJECT },
      spec: {
        webhookReceivers: [
          { name: "gitea", gitea: { secretRef: { name: "gitea" } } },
          { name: "bitbucket", bitbucket: { secretRef: { name: "bitbucket" } } },
          { name: "artifactory", artifactory: { secretRef: { name: "artifactory" } } },
          { name: "azure", azure: { secretRef: { name: "azure" } } },
          { name: "harbor", harbor: { secretRef: { name: "harbor" } } },
          { name: "generic", generic },
        ],
      },
    });
    let status: { webhookReceivers?: { name: string; path: string; url: string }[]; conditions?: { status: string; message: string }[] } = {};
    await eventually(async () => {
      status = ((await fixture.client.get("projectconfigs", PROJECT, PROJECT)) as unknown as { status?: typeof status }).status ?? {};
      return (status.webhookReceivers?.length ?? 0) === 6;
    });
    expect(status.conditions?.[0]).toMatchObject({ status: "True" });
    for (const receiver of status.webhookReceivers!) urls[receiver.name] = receiver.url;
  });

  it("publishes each receiver's URL at Kargo's path, seeded by the key its type uses", () => {
    for (const [type, data] of Object.entries(SECRETS))
      expect(urls[type]).toMatch(new RegExp(`${webhookPath(PROJECT, type, type, Object.values(data))}$`, "u"));
  });

  describe("gitea (X-Hub-Signature-256)", () => {
    const push = (url: string) => JSON.stringify({ ref: "refs/heads/main", repository: { clone_url: url } });
    it("refuses a forged or missing signature and refreshes nothing", async () => {
      const body = push(app.url);
      expect(await post("gitea", body, { "X-Gitea-Event": "push", "X-Hub-Signature-256": `sha256=${hmac(body, "guessed")}` })).toMatchObject({
        status: 401,
        refreshed: [],
      });
      expect(await post("gitea", body, { "X-Gitea-Event": "push" })).toMatchObject({ status: 401, refreshed: [] });
    });
    it("refreshes exactly the subscribed Warehouse on a signed push, nothing for an unrelated repository", async () => {
      const body = push(app.url);
      expect(await post("gitea", body, { "X-Gitea-Event": "push", "X-Hub-Signature-256": `sha256=${hmac(body, SECRETS.gitea.secret)}` })).toEqual({
        status: 200,
        answer: { msg: "refreshed 1 warehouse(s)" },
        refreshed: ["app"],
      });
      const unrelated = push("https://git.example.com/nobody/unrelated.git");
      expect(await post("gitea", unrelated, { "X-Gitea-Event": "push", "X-Hub-Signature-256": `sha256=${hmac(unrelated, SECRETS.gitea.secret)}` })).toEqual({
        status: 200,
        answer: { msg: "refreshed 0 warehouse(s)" },
        refreshed: [],
      });
    });
  });

  describe("bitbucket (X-Hub-Signature, Cloud and Data Center payloads)", () => {
    it("refuses a forged or missing signature and refreshes nothing", async () => {
      const body = JSON.stringify({ repository: { links: { html: { href: app.url } } } });
      expect(await post("bitbucket", body, { "X-Event-Key": "repo:push", "X-Hub-Signature": `sha256=${hmac(body, "guessed")}` })).toMatchObject({
        status: 401,
        refreshed: [],
      });
      expect(await post("bitbucket", body, { "X-Event-Key": "repo:push" })).toMatchObject({ status: 401, refreshed: [] });
    });
    it("refreshes the subscribed Warehouses of a Cloud repo:push and of a Data Center repo:refs_changed", async () => {
      const cloud = JSON.stringify({ push: { changes: [{ new: { name: "main" } }] }, repository: { links: { html: { href: app.url } } } });
      expect(
        await post("bitbucket", cloud, { "X-Event-Key": "repo:push", "X-Hub-Signature": `sha256=${hmac(cloud, SECRETS.bitbucket.secret)}` }),
      ).toMatchObject({ status: 200, refreshed: ["app"] });
      const server = JSON.stringify({
        changes: [{ ref: { id: "refs/heads/main" } }],
        repository: { links: { clone: [{ href: `${other.url}` }, { href: "ssh://git@bitbucket.example.com/x/y.git" }] } },
      });
      expect(
        await post("bitbucket", server, { "X-Event-Key": "repo:refs_changed", "X-Hub-Signature": `sha256=${hmac(server, SECRETS.bitbucket.secret)}` }),
      ).toMatchObject({ status: 200, refreshed: ["other", "team-a"] });
      const unrelated = JSON.stringify({ repository: { links: { html: { href: "https://bitbucket.org/nobody/unrelated" } } } });
      expect(
        await post("bitbucket", unrelated, { "X-Event-Key": "repo:push", "X-Hub-Signature": `sha256=${hmac(unrelated, SECRETS.bitbucket.secret)}` }),
      ).toMatchObject({ status: 200, refreshed: [] });
    });
  });

  describe("artifactory (X-Jfrog-Event-Auth)", () => {
    const pushed = (repoKey: string, path: string) =>
      JSON.stringify({
        domain: "docker",
        event_type: "pushed",
        jpd_origin: "http://127.0.0.1:1",
        data: { repo_key: repoKey, path, image_name: "web", image_type: "docker", tag: "1.0.0" },
      });
    it("refuses a forged or missing signature and refreshes nothing", async () => {
      const body = pushed("acme", "web/1.0.0/manifest.json");
      expect(await post("artifactory", body, { "X-Jfrog-Event-Auth": hmac(body, "guessed") })).toMatchObject({ status: 401, refreshed: [] });
      expect(await post("artifactory", body, {})).toMatchObject({ status: 401, refreshed: [] });
    });
    it("refreshes the Warehouse subscribed to <origin host>/<repo_key>/<path>, nothing for another image", async () => {
      const body = pushed("acme", "web/1.0.0/manifest.json");
      expect(await post("artifactory", body, { "X-Jfrog-Event-Auth": hmac(body, SECRETS.artifactory["secret-token"]) })).toEqual({
        status: 200,
        answer: { msg: "refreshed 1 warehouse(s)" },
        refreshed: ["web"],
      });
      const unrelated = pushed("acme", "unrelated/1.0.0/manifest.json");
      expect(await post("artifactory", unrelated, { "X-Jfrog-Event-Auth": hmac(unrelated, SECRETS.artifactory["secret-token"]) })).toMatchObject({
        status: 200,
        refreshed: [],
      });
    });
  });

  describe("azure (the URL is the secret; ACR and Azure DevOps told apart by User-Agent)", () => {
    it("refuses a request from neither service and one at a wrong URL, refreshing nothing", async () => {
      const body = JSON.stringify({ action: "push", target: { repository: "acme/web" }, request: { host: "127.0.0.1:1" } });
      expect(await post("azure", body, { "User-Agent": "curl/8" })).toMatchObject({ status: 400, refreshed: [] });
      const wrong = await fetch(urls["azure"]!.replace(/[0-9a-f]{64}$/u, "f".repeat(64)), {
        method: "POST",
        body,
        headers: { "User-Agent": "AzureContainerRegistry/1.0" },
      });
      expect(wrong.status).toBe(404);
      expect(await refreshOf("web-other")).toBeUndefined();
    });
    it("refreshes the image Warehouse of an ACR push and the Git Warehouse of an Azure DevOps git.push; answers ping", async () => {
      expect(await post("azure", JSON.stringify({ action: "ping" }), { "User-Agent": "AzureContainerRegistry/1.0" })).toMatchObject({
        status: 200,
        refreshed: [],
      });
      const acr = JSON.stringify({
        action: "push",
        target: { repository: "acme/other", tag: "2.0.0", mediaType: "application/vnd.docker.distribution.manifest.v2+json" },
        request: { host: "127.0.0.1:1" },
      });
      expect(await post("azure", acr, { "User-Agent": "AzureContainerRegistry/1.0" })).toMatchObject({ status: 200, refreshed: ["web-other"] });
      const devops = JSON.stringify({ eventType: "git.push", resource: { refUpdates: [{ name: "refs/heads/main" }], repository: { remoteUrl: app.url } } });
      expect(await post("azure", devops, { "User-Agent": "VSServices/16.255.0" })).toMatchObject({ status: 200, refreshed: ["app"] });
      const unrelated = JSON.stringify({ eventType: "git.push", resource: { repository: { remoteUrl: "https://dev.azure.com/nobody/_git/unrelated" } } });
      expect(await post("azure", unrelated, { "User-Agent": "VSServices/16.255.0" })).toMatchObject({ status: 200, refreshed: [] });
    });
  });

  describe("harbor (Authorization equal to auth-header)", () => {
    const push = (resource: string) => JSON.stringify({ type: "PUSH_ARTIFACT", event_data: { resources: [{ tag: "1.0.0", resource_url: resource }] } });
    it("refuses a wrong or missing Authorization and refreshes nothing", async () => {
      expect(await post("harbor", push(`${IMAGE}:1.0.0`), { Authorization: "Basic d3Jvbmc=" })).toMatchObject({ status: 401, refreshed: [] });
      expect(await post("harbor", push(`${IMAGE}:1.0.0`), {})).toMatchObject({ status: 401, refreshed: [] });
    });
    it("refreshes the Warehouse subscribed to the pushed artifact's repository, nothing for another", async () => {
      expect(await post("harbor", push(`${IMAGE}:1.0.0`), { Authorization: SECRETS.harbor["auth-header"] })).toMatchObject({ status: 200, refreshed: ["web"] });
      expect(await post("harbor", push("127.0.0.1:1/acme/unrelated:1.0.0"), { Authorization: SECRETS.harbor["auth-header"] })).toMatchObject({
        status: 200,
        refreshed: [],
      });
    });
  });

  describe("generic (actions, whenExpression, target selection)", () => {
    it("refreshes by subscribedURLs when the whenExpression holds, and nothing when it does not", async () => {
      const body = JSON.stringify({ repository: { url: app.url } });
      const skipped = await post("generic", body, { "X-Event-Type": "tag" });
      expect(skipped).toMatchObject({ status: 200, refreshed: [] });
      expect((skipped.answer["actionResults"] as { satisfied: boolean }[]).map((r) => r.satisfied)).toEqual([false, false, false]);
      const done = await post("generic", body, { "X-Event-Type": "push" });
      expect(done).toMatchObject({ status: 200, refreshed: ["app"] });
      expect((done.answer["actionResults"] as { targetResults?: unknown }[])[0]!.targetResults).toEqual([
        { kind: "Warehouse", refreshResults: [{ success: `${PROJECT}/app` }] },
      ]);
    });
    it("refreshes nothing for an unrelated repository", async () => {
      expect(await post("generic", JSON.stringify({ repository: { url: "https://git.example.com/unrelated.git" } }), { "X-Event-Type": "push" })).toMatchObject(
        { status: 200, refreshed: [] },
      );
    });
    it("selects by labels (values from the request) and by a name derived from the request", async () => {
      expect(await post("generic", JSON.stringify({ team: "a" }), {})).toMatchObject({ status: 200, refreshed: ["team-a"] });
      expect(await post("generic", JSON.stringify({ team: "b" }), {})).toMatchObject({ status: 200, refreshed: [] });
      expect(await post("generic", JSON.stringify({ image: "x", warehouse: "web-other" }), {})).toMatchObject({ status: 200, refreshed: ["web-other"] });
    });
    it("answers 500 with the error when an expression fails, and 400 for a body that is not JSON; nothing refreshed", async () => {
      const failing = await post("generic", JSON.stringify({ image: "x", warehouse: 42 }), {});
      expect(failing).toMatchObject({ status: 500, refreshed: [] });
      expect(JSON.stringify(failing.answer)).toContain("not a string");
      const response = await fetch(urls["generic"]!, { method: "POST", body: "not json" });
      expect(response.status).toBe(400);
    });
  });
});
