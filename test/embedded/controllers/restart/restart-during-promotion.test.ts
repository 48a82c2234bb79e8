import { chmodSync, existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { CoreV1Api } from "@kubernetes/client-node";
import type { Promotion } from "../../../../src/domain/types.js";
import { createKargoClient } from "../../../../src/kube/object-clients.js";
import { inProcessKubeConfig } from "../../../../src/embedded/controllers/start-embedded-controllers.js";
import { createTestRepository, git } from "../support/git-repository.js";
import { createFreight, createPromotion, createStage, terminalPromotion } from "../support/kargo-objects.js";
import { useControlPlaneDataDir, spawnControlPlane } from "../support/spawn-control-plane.js";
import { eventually } from "../../../support/eventually.js";

const PROJECT = "restart";

describe("a control plane killed during a promotion", () => {
  const dataDir = useControlPlaneDataDir("kargo-restart-");

  it("finishes the promotion after a restart, saying it was resumed", async () => {
    // The remote's pre-receive hook says it runs, then holds git-push until the test releases it:
    // the server is killed in it however slow the machine is.
    const repo = createTestRepository();
    repo.commit({ "app.yaml": "image: nginx:1.0.0\n" }, "initial");
    const pushing = join(repo.bare, "pushing");
    const release = join(repo.bare, "release");
    const hook = join(repo.bare, "hooks", "pre-receive");
    writeFileSync(hook, `#!/bin/sh\ntouch '${pushing}'\nwhile [ ! -e '${release}' ]; do sleep 0.05; done\n`);
    chmodSync(hook, 0o755);

    let running = await spawnControlPlane(dataDir());
    let client = createKargoClient(inProcessKubeConfig(running.httpUrl, running.token));
    await inProcessKubeConfig(running.httpUrl, running.token)
      .makeApiClient(CoreV1Api)
      .createNamespace({ body: { metadata: { name: PROJECT, labels: { "kargo.akuity.io/project": "true" } } } });
    const stage = await createStage(client, PROJECT, "test", {
      warehouse: "images",
      steps: [
        { uses: "git-clone", config: { repoURL: repo.url, checkout: [{ branch: "main", path: "./repo" }] } },
        { uses: "yaml-update", config: { path: "./repo/app.yaml", updates: [{ key: "image", value: "nginx:${{ imageFrom('nginx').Tag }}" }] } },
        { uses: "git-commit", config: { path: "./repo", message: "nginx ${{ imageFrom('nginx').Tag }}" } },
        { uses: "git-push", config: { path: "./repo" } },
      ],
    });
    const freight = await createFreight(client, PROJECT, "images", { images: [{ repoURL: "nginx", tag: "1.29.1", digest: "sha256:1" }] });
    const created = await createPromotion(client, stage, freight.metadata.name!);
    const name = created.metadata.name!;

    await eventually(async () => (await client.get<Promotion>("promotions", PROJECT, name))?.status?.["currentStep"] === 3 && existsSync(pushing));
    await running.kill();
    writeFileSync(release, "");

    running = await spawnControlPlane(dataDir());
    client = createKargoClient(inProcessKubeConfig(running.httpUrl, running.token));
    const finished = await terminalPromotion(client, PROJECT, name);
    expect([finished.status?.["phase"], finished.status?.["message"]]).toEqual(["Succeeded", "All steps completed"]);
    expect(finished.status?.["message"]).toBe("All steps completed");
    expect((finished.status?.["state"] as Record<string, unknown>)["embedded.kargo.akuity.io/resumes"]).toBe(1);
    expect(repo.show("main", "app.yaml")).toBe("image: nginx:1.29.1");
    expect(git(repo.bare, "log", "--format=%s", "main")).toBe("nginx 1.29.1\ninitial");
  });
});
