import { dirname } from "node:path";
import { CoreV1Api } from "@kubernetes/client-node";
import type { Freight } from "../../../src/domain/types.js";
import { createTestRepository, git, type TestRepository } from "./support/git-repository.js";
import { startGitHttpServer, type GitHttpServer } from "./support/git-http-server.js";
import { createFreight, createPromotion, createStage, createWarehouse, terminalPromotion } from "./support/kargo-objects.js";
import { useControllers } from "./support/use-controllers.js";
import { eventually } from "../../support/eventually.js";

const PROJECT = "creds";

describe("Git credentials from the project's cred-type git Secrets", () => {
  const fixture = useControllers();
  let repo: TestRepository;
  let server: GitHttpServer;
  let httpURL: string;

  const pushSteps = (repoURL: string) => [
    { uses: "git-clone", config: { repoURL, checkout: [{ branch: "main", path: "./repo" }] } },
    { uses: "yaml-update", config: { path: "./repo/app.yaml", updates: [{ key: "image", value: "nginx:${{ imageFrom('nginx').Tag }}" }] } },
    { uses: "git-commit", config: { path: "./repo", message: "nginx ${{ imageFrom('nginx').Tag }}" } },
    { uses: "git-push", config: { path: "./repo" } },
  ];

  // npm test limits git to file:// remotes (GIT_ALLOW_PROTOCOL=file) so no test reaches past this
  // machine; this suite's remote is an HTTP server on loopback.
  const allowedProtocols = process.env.GIT_ALLOW_PROTOCOL;
  beforeAll(() => {
    if (allowedProtocols !== undefined) process.env.GIT_ALLOW_PROTOCOL = `${allowedProtocols}:http`;
  });
  afterAll(() => {
    if (allowedProtocols !== undefined) process.env.GIT_ALLOW_PROTOCOL = allowedProtocols;
  });

  beforeAll(async () => {
    await fixture.createProject(PROJECT);
    repo = createTestRepository();
    repo.commit({ "app.yaml": "image: nginx:1.0.0\n" }, "initial");
    server = await startGitHttpServer(dirname(repo.bare), "kargo", "s3cret-token");
    httpURL = `${server.url}/repo.git`;
  });
  afterAll(() => server?.close());

  it("errors a promotion against a remote that wants credentials the project does not have", async () => {
    const stage = await createStage(fixture.client, PROJECT, "no-creds", { warehouse: "images", steps: pushSteps(httpURL) });
    const freight = await createFreight(fixture.client, PROJECT, "images", { images: [{ repoURL: "nginx", tag: "1.29.0", digest: "sha256:0" }] });
    const promotion = await terminalPromotion(fixture.client, PROJECT, (await createPromotion(fixture.client, stage, freight.metadata.name!)).metadata.name!);
    expect(promotion.status?.["phase"]).toBe("Errored");
    expect(promotion.status?.["message"]).toMatch(/git clone failed/u);
  });

  describe("with a matching Secret", () => {
    beforeAll(async () => {
      const core = fixture.plane.kubeConfig().makeApiClient(CoreV1Api);
      await core.createNamespacedSecret({
        namespace: PROJECT,
        body: {
          metadata: { name: "repo", labels: { "kargo.akuity.io/cred-type": "git" } },
          stringData: { repoURL: `${httpURL}/`, username: "kargo", password: "s3cret-token" },
        },
      });
    });

    it("clones and pushes with the Secret's username and password", async () => {
      const stage = await createStage(fixture.client, PROJECT, "with-creds", { warehouse: "images", steps: pushSteps(httpURL) });
      const freight = await createFreight(fixture.client, PROJECT, "images", { images: [{ repoURL: "nginx", tag: "1.29.1", digest: "sha256:1" }] });
      const promotion = await terminalPromotion(fixture.client, PROJECT, (await createPromotion(fixture.client, stage, freight.metadata.name!)).metadata.name!);
      expect([promotion.status?.["phase"], promotion.status?.["message"]]).toEqual(["Succeeded", "All steps completed"]);
      expect(git(repo.bare, "log", "-1", "--format=%s", "main")).toBe("nginx 1.29.1");
      // The secret never lands in the checkout's configuration or the remote URL.
      expect(server.authorizations.filter((a) => a !== undefined).every((a) => a === `Basic ${Buffer.from("kargo:s3cret-token").toString("base64")}`)).toBe(
        true,
      );
    });

    it("discovers a Warehouse's commits through it", async () => {
      await createWarehouse(fixture.client, PROJECT, "private", { repoURL: httpURL, branch: "main" });
      let freight: Freight | undefined;
      await eventually(async () => {
        freight = (await fixture.client.list<Freight>("freights", PROJECT)).find((f) => f.origin?.name === "private");
        return freight !== undefined;
      });
      expect(freight!.commits?.[0]).toMatchObject({ repoURL: httpURL, id: git(repo.bare, "rev-parse", "main"), message: "nginx 1.29.1" });
    });
  });
});
