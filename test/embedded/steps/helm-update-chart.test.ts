import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CoreV1Api } from "@kubernetes/client-node";
import { freightName } from "../../../src/domain/freight-name.js";
import type { Freight, Promotion } from "../../../src/domain/types.js";
import { createPromotion, createStage, terminalPromotion } from "../controllers/support/kargo-objects.js";
import { useControllers } from "../controllers/support/use-controllers.js";
import { startTestRegistry, type TestRegistry } from "../registry/support/test-registry.js";
import { distributionPush } from "./support/distribution-push.js";

const PROJECT = "charts";

/** helm-update-chart against an HTTP chart repository served on loopback (index.yaml + archives). */
describe("helm-update-chart with an HTTP chart repository", () => {
  const fixture = useControllers();
  let server: Server;
  let dir: string;
  let repo = "";
  const archives = new Map<string, Buffer>();

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "chart-repo-"));
    for (const version of ["1.0.0", "1.2.0"]) {
      mkdirSync(join(dir, version, "redis"), { recursive: true });
      writeFileSync(join(dir, version, "redis", "Chart.yaml"), `apiVersion: v2\nname: redis\nversion: ${version}\n`);
      execFileSync("tar", ["-C", join(dir, version), "-czf", join(dir, `redis-${version}.tgz`), "redis"]);
      archives.set(`redis-${version}.tgz`, readFileSync(join(dir, `redis-${version}.tgz`)));
    }
    const sha = (name: string) => createHash("sha256").update(archives.get(name)!).digest("hex");
    const index = `apiVersion: v1\nentries:\n  redis:\n  - name: redis\n    version: 1.2.0\n    urls: [redis-1.2.0.tgz]\n    digest: ${sha("redis-1.2.0.tgz")}\n  - name: redis\n    version: 1.0.0\n    urls: [redis-1.0.0.tgz]\n    digest: ${sha("redis-1.0.0.tgz")}\n`;
    server = createServer((req, res) => {
      // /private/ serves the same repository to the right Basic credentials only.
      if ((req.url ?? "").startsWith("/private/")) {
        if (req.headers.authorization !== `Basic ${Buffer.from("charts:repo-s3cret").toString("base64")}`) {
          res.statusCode = 401;
          res.setHeader("www-authenticate", 'Basic realm="charts"');
          res.end();
          return;
        }
        req.url = req.url!.replace(/^\/private\//, "/charts/");
      }
      const file = (req.url ?? "").replace(/^\/charts\//, "");
      if (file === "index.yaml") res.end(index);
      else if (archives.has(file)) res.end(archives.get(file));
      else {
        res.statusCode = 404;
        res.end();
      }
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    repo = `http://127.0.0.1:${(server.address() as AddressInfo).port}/charts`;
    await fixture.createProject(PROJECT);
  });

  afterAll(async () => {
    await new Promise((resolve) => server?.close(resolve));
    rmSync(dir, { recursive: true, force: true });
  });

  async function promote(stageName: string, steps: unknown[]): Promise<Promotion> {
    const stage = await createStage(fixture.client, PROJECT, stageName, { warehouse: "charts", steps: steps as never });
    const origin = { kind: "Warehouse", name: "charts" };
    const charts = [{ repoURL: repo, name: "redis", version: "1.2.0" }];
    const name = freightName({ origin, charts });
    const existing = await fixture.client.get<Freight>("freights", PROJECT, name);
    if (!existing)
      await fixture.client.create("freights", PROJECT, {
        apiVersion: "kargo.akuity.io/v1alpha1",
        kind: "Freight",
        metadata: { name, namespace: PROJECT },
        origin,
        charts,
      });
    return terminalPromotion(fixture.client, PROJECT, (await createPromotion(fixture.client, stage, name)).metadata.name!);
  }

  it("sets the dependency's version from the Freight and vendors the chart, handing the commit message on", async () => {
    const promotion = await promote("umbrella", [
      {
        uses: "file-write",
        config: {
          path: "./app/Chart.yaml",
          contents: `apiVersion: v2\nname: app\nversion: 0.1.0\ndependencies:\n  # the cache\n  - name: redis\n    version: 1.0.0\n    repository: ${repo}\n`,
        },
      },
      { uses: "file-write", config: { path: "./app/charts/redis-1.0.0.tgz", contents: "old" } },
      {
        uses: "helm-update-chart",
        as: "update",
        config: { path: "./app", charts: [{ repository: repo, name: "redis", version: `\${{ chartFrom("${repo}", "redis").Version }}` }] },
      },
      { uses: "yaml-parse", as: "chart", config: { path: "./app/Chart.yaml", outputs: [{ name: "redis", fromExpression: "dependencies[0].version" }] } },
      { uses: "untar", config: { inPath: "./app/charts/redis-1.2.0.tgz", outPath: "./vendored" } },
      { uses: "yaml-parse", as: "vendored", config: { path: "./vendored/redis/Chart.yaml", outputs: [{ name: "version", fromExpression: "version" }] } },
      {
        uses: "compose-output",
        as: "result",
        config: { message: "${{ outputs.update.commitMessage }}", declared: "${{ outputs.chart.redis }}", vendored: "${{ outputs.vendored.version }}" },
      },
    ]);
    expect(promotion.status?.["phase"]).toBe("Succeeded");
    expect((promotion.status?.["state"] as Record<string, unknown>)["result"]).toEqual({
      message: "Updated chart dependencies for ./app\n\n- redis: 1.2.0",
      declared: "1.2.0",
      vendored: "1.2.0",
    });
  });

  it("writes Chart.lock with the digest Helm computes over Chart.yaml's dependencies and the locked ones", async () => {
    const chartYaml = [
      "apiVersion: v2",
      "name: app",
      "version: 0.1.0",
      "dependencies:",
      "  - name: redis",
      "    version: 1.0.0",
      `    repository: ${repo}`,
      "    condition: redis.enabled",
      "    tags: [cache]",
      "  - name: common",
      "    version: ~2.0.0",
      `    repository: ${repo}`,
      "    alias: base",
      "    import-values: [defaults]",
      "",
    ].join("\n");
    // The previous lock holds common's resolved version (a range in Chart.yaml) and an old digest.
    const oldLock = `dependencies:\n- name: redis\n  repository: ${repo}\n  version: 1.0.0\n- name: common\n  repository: ${repo}\n  version: 2.0.3\ndigest: sha256:old\ngenerated: "2020-01-01T00:00:00Z"\n`;
    const promotion = await promote("locked", [
      { uses: "file-write", config: { path: "./app/Chart.yaml", contents: chartYaml } },
      { uses: "file-write", config: { path: "./app/Chart.lock", contents: oldLock } },
      { uses: "helm-update-chart", config: { path: "./app", charts: [{ repository: repo, name: "redis", version: "1.2.0" }] } },
      {
        uses: "yaml-parse",
        as: "lock",
        config: {
          path: "./app/Chart.lock",
          outputs: [
            { name: "digest", fromExpression: "digest" },
            { name: "dependencies", fromExpression: "dependencies" },
            { name: "generated", fromExpression: "generated" },
          ],
        },
      },
    ]);
    expect(promotion.status?.["phase"]).toBe("Succeeded");
    const lock = (promotion.status?.["state"] as Record<string, Record<string, unknown>>)["lock"]!;
    // Helm's HashReq, computed here from the documented algorithm: SHA-256 of Go's json.Marshal of
    // [Chart.yaml's dependencies, the locked dependencies], fields in chart.Dependency's order.
    const requested = [
      { name: "redis", version: "1.2.0", repository: repo, condition: "redis.enabled", tags: ["cache"] },
      { name: "common", version: "~2.0.0", repository: repo, "import-values": ["defaults"], alias: "base" },
    ];
    const locked = [
      { name: "redis", version: "1.2.0", repository: repo },
      { name: "common", version: "2.0.3", repository: repo },
    ];
    const expected = `sha256:${createHash("sha256")
      .update(JSON.stringify([requested, locked]))
      .digest("hex")}`;
    expect(lock["digest"]).toBe(expected);
    expect(lock["dependencies"]).toEqual(locked.map(({ name, repository, version }) => ({ name, repository, version })));
    expect(Date.parse(String(lock["generated"]))).toBeGreaterThan(Date.parse("2020-01-02T00:00:00Z"));
  });

  it("fails naming a dependency whose range nothing locks", async () => {
    const promotion = await promote("unlocked", [
      {
        uses: "file-write",
        config: {
          path: "./app/Chart.yaml",
          contents: `apiVersion: v2\nname: app\nversion: 0.1.0\ndependencies:\n  - name: redis\n    version: 1.0.0\n    repository: ${repo}\n  - name: common\n    version: ^2.0.0\n    repository: ${repo}\n`,
        },
      },
      { uses: "helm-update-chart", config: { path: "./app", charts: [{ repository: repo, name: "redis", version: "1.2.0" }] } },
    ]);
    expect(promotion.status?.["phase"]).toBe("Failed");
    expect(promotion.status?.["message"]).toContain('step "helm-update-chart": Chart.yaml dependency "common" has the range "^2.0.0" and no Chart.lock entry');
  });

  it("reads a repository that wants credentials with the project's helm credentials", async () => {
    const privateRepo = repo.replace(/\/charts$/, "/private");
    const steps = [
      {
        uses: "file-write",
        config: {
          path: "./app/Chart.yaml",
          contents: `apiVersion: v2\nname: app\nversion: 0.1.0\ndependencies:\n  - name: redis\n    version: 1.0.0\n    repository: ${privateRepo}\n`,
        },
      },
      { uses: "helm-update-chart", config: { path: "./app", charts: [{ repository: privateRepo, name: "redis", version: "1.2.0" }] } },
      { uses: "untar", config: { inPath: "./app/charts/redis-1.2.0.tgz", outPath: "./vendored" } },
      { uses: "yaml-parse", as: "vendored", config: { path: "./vendored/redis/Chart.yaml", outputs: [{ name: "version", fromExpression: "version" }] } },
    ];
    const refused = await promote("private-none", steps);
    expect(refused.status?.["phase"]).toBe("Errored");
    expect(refused.status?.["message"]).toContain(`chart repository ${privateRepo} requires credentials and none are stored for it`);
    await fixture.plane
      .kubeConfig()
      .makeApiClient(CoreV1Api)
      .createNamespacedSecret({
        namespace: PROJECT,
        body: {
          metadata: { name: "private-charts", labels: { "kargo.akuity.io/cred-type": "helm" } },
          stringData: { repoURL: privateRepo, username: "charts", password: "repo-s3cret" },
        },
      });
    const promotion = await promote("private-creds", steps);
    expect([promotion.status?.["phase"], promotion.status?.["message"]]).toEqual(["Succeeded", "All steps completed"]);
    expect((promotion.status?.["state"] as Record<string, unknown>)["vendored"]).toEqual({ version: "1.2.0" });
  });

  it.each([
    [{ path: "./app" }, 'step "helm-update-chart": config.charts is required'],
    [{ path: "./app", charts: [{ name: "redis", version: "1.2.0" }] }, 'step "helm-update-chart": config.charts[0].repository is required'],
    [
      { path: "./nowhere", charts: [{ repository: "REPO", name: "redis", version: "1.2.0" }] },
      'step "helm-update-chart": file "./nowhere/Chart.yaml" does not exist',
    ],
    [
      { path: "./app", charts: [{ repository: "REPO", name: "redis", version: "9.9.9" }] },
      'step "helm-update-chart": config.charts[0]: chart "redis" version 9.9.9 is not in',
    ],
    [
      { path: "./app", charts: [{ repository: "REPO", name: "mysql", version: "1.0.0" }] },
      'step "helm-update-chart": config.charts[0]: Chart.yaml has no dependency "mysql"',
    ],
  ])("fails a bad config naming the step and field: %j", async (config, message) => {
    const resolved = JSON.parse(JSON.stringify(config).replaceAll("REPO", repo));
    const promotion = await promote(`bad-${createHash("sha1").update(message).digest("hex").slice(0, 8)}`, [
      {
        uses: "file-write",
        config: {
          path: "./app/Chart.yaml",
          contents: `apiVersion: v2\nname: app\nversion: 0.1.0\ndependencies:\n  - name: redis\n    version: 1.0.0\n    repository: ${repo}\n`,
        },
      },
      { uses: "helm-update-chart", config: resolved },
    ]);
    expect(promotion.status?.["phase"]).toBe("Failed");
    expect(promotion.status?.["message"]).toContain(message);
  });
});

/** helm-update-chart against an `oci://` chart repository: docker-registry with htpasswd and the project's `helm` credentials. */
describe("helm-update-chart with an OCI chart repository", () => {
  const fixture = useControllers();
  let registry: TestRegistry;
  let dir: string;
  let repo = "";
  let archive: Buffer;
  const USER = "charts";
  const PASSWORD = "chart-s3cret";

  beforeAll(async () => {
    registry = await startTestRegistry({ kind: "htpasswd", username: USER, password: PASSWORD });
    dir = mkdtempSync(join(tmpdir(), "oci-chart-"));
    mkdirSync(join(dir, "redis"));
    writeFileSync(join(dir, "redis", "Chart.yaml"), "apiVersion: v2\nname: redis\nversion: 1.2.0+build.7\n");
    execFileSync("tar", ["-C", dir, "-czf", join(dir, "redis.tgz"), "redis"]);
    archive = readFileSync(join(dir, "redis.tgz"));
    // A chart as `helm push` stores it: Helm's config and content media types, `+` written `_` in the tag.
    const push = distributionPush(registry.host, "charts/redis", `Basic ${Buffer.from(`${USER}:${PASSWORD}`).toString("base64")}`);
    const config = await push.blob(Buffer.from(JSON.stringify({ apiVersion: "v2", name: "redis", version: "1.2.0+build.7" })));
    const layer = await push.blob(archive);
    await push.manifest(
      "1.2.0_build.7",
      "application/vnd.oci.image.manifest.v1+json",
      JSON.stringify({
        schemaVersion: 2,
        mediaType: "application/vnd.oci.image.manifest.v1+json",
        config: { mediaType: "application/vnd.cncf.helm.config.v1+json", ...config },
        layers: [{ mediaType: "application/vnd.cncf.helm.chart.content.v1.tar+gzip", ...layer }],
      }),
    );
    repo = `oci://${registry.host}/charts`;
    await fixture.createProject(PROJECT);
  });

  afterAll(async () => {
    await registry?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  let count = 0;
  async function promote(steps: unknown[]): Promise<Promotion> {
    const stage = await createStage(fixture.client, PROJECT, `oci-${++count}`, { warehouse: "charts", steps: steps as never });
    const origin = { kind: "Warehouse", name: "charts" };
    const charts = [{ repoURL: `${repo}/redis`, version: "1.2.0+build.7" }];
    const name = freightName({ origin, charts });
    if (!(await fixture.client.get<Freight>("freights", PROJECT, name)))
      await fixture.client.create("freights", PROJECT, {
        apiVersion: "kargo.akuity.io/v1alpha1",
        kind: "Freight",
        metadata: { name, namespace: PROJECT },
        origin,
        charts,
      });
    return terminalPromotion(fixture.client, PROJECT, (await createPromotion(fixture.client, stage, name)).metadata.name!);
  }

  const steps = () => [
    {
      uses: "file-write",
      config: {
        path: "./app/Chart.yaml",
        contents: `apiVersion: v2\nname: app\nversion: 0.1.0\ndependencies:\n  - name: redis\n    version: 1.0.0\n    repository: ${repo}\n`,
      },
    },
    {
      uses: "helm-update-chart",
      as: "update",
      config: { path: "./app", charts: [{ repository: repo, name: "redis", version: `\${{ chartFrom("${repo}/redis").Version }}` }] },
    },
    { uses: "untar", config: { inPath: "./app/charts/redis-1.2.0+build.7.tgz", outPath: "./vendored" } },
    { uses: "yaml-parse", as: "vendored", config: { path: "./vendored/redis/Chart.yaml", outputs: [{ name: "version", fromExpression: "version" }] } },
    {
      uses: "yaml-parse",
      as: "lock",
      config: {
        path: "./app/Chart.lock",
        outputs: [
          { name: "digest", fromExpression: "digest" },
          { name: "dependencies", fromExpression: "dependencies" },
        ],
      },
    },
  ];

  it("errors naming the missing credentials while the project has none", async () => {
    const promotion = await promote(steps());
    expect(promotion.status?.["phase"]).toBe("Errored");
    expect(promotion.status?.["message"]).toContain(`requires credentials for ${registry.host}/charts/redis and none are stored for it`);
  });

  it("vendors the chart layer with the project's helm credentials and locks it", async () => {
    const core = fixture.plane.kubeConfig().makeApiClient(CoreV1Api);
    await core.createNamespacedSecret({
      namespace: PROJECT,
      body: {
        metadata: { name: "charts", labels: { "kargo.akuity.io/cred-type": "helm" } },
        stringData: { repoURL: `${repo}/redis`, username: USER, password: PASSWORD },
      },
    });
    const promotion = await promote(steps());
    expect([promotion.status?.["phase"], promotion.status?.["message"]]).toEqual(["Succeeded", "All steps completed"]);
    const state = promotion.status?.["state"] as Record<string, Record<string, unknown>>;
    expect(state["vendored"]).toEqual({ version: "1.2.0+build.7" });
    expect(state["update"]!["commitMessage"]).toBe("Updated chart dependencies for ./app\n\n- redis: 1.2.0+build.7");
    const locked = [{ name: "redis", version: "1.2.0+build.7", repository: repo }];
    const requested = locked;
    expect(state["lock"]!["digest"]).toBe(
      `sha256:${createHash("sha256")
        .update(JSON.stringify([requested, locked]))
        .digest("hex")}`,
    );
    expect(state["lock"]!["dependencies"]).toEqual([{ name: "redis", repository: repo, version: "1.2.0+build.7" }]);
  });
});
