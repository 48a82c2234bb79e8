import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pino } from "pino";
import type { Freight, Promotion } from "../../../src/domain/types.js";
import { createKargoClient } from "../../../src/kube/object-clients.js";
import { inProcessKubeConfig } from "../../../src/embedded/controllers/start-embedded-controllers.js";
import { seedDemo } from "../../../src/embedded/demo/seed-demo.js";
import { startEmbeddedControlPlane, type EmbeddedControlPlane } from "../../../src/embedded/index.js";
import { eventually } from "../../support/eventually.js";

describe("seedDemo", () => {
  let dataDir: string;
  let plane: EmbeddedControlPlane | undefined;
  const logger = pino({ level: "silent" });

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), "kargo-demo-"));
    plane = await startEmbeddedControlPlane({ dataDir });
  });
  afterAll(async () => {
    await plane?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("seeds kargo-demo so that a promotion to test succeeds within seconds, onto the stage branch", async () => {
    const kubeConfig = inProcessKubeConfig(plane!.httpUrl, plane!.serverToken);
    const { repoURL } = await seedDemo({ kubeConfig, dataDir, logger });
    const client = createKargoClient(kubeConfig);
    let promotion: Promotion | undefined;
    await eventually(async () => {
      promotion = (await client.list<Promotion>("promotions", "kargo-demo")).find((p) => p.spec.stage === "test" && p.status?.["phase"] === "Succeeded");
      return promotion !== undefined;
    });
    const bare = repoURL.slice("file://".length);
    const kustomization = execFileSync("git", ["show", "stage/test:stages/test/kustomization.yaml"], { cwd: bare, encoding: "utf8" });
    expect(kustomization).toContain("newTag: 1.27.0");
    expect(kustomization).toContain(`kargo.akuity.io/freight: ${promotion!.spec.freight}`);
    const [freight] = await client.list<Freight>("freights", "kargo-demo");
    expect(freight!.status?.verifiedIn?.["test"]).toBeDefined();
    // uat and prod wait for a person: no policy auto-promotes them.
    expect((await client.list<Promotion>("promotions", "kargo-demo")).filter((p) => p.spec.stage !== "test")).toEqual([]);
  });

  it("is idempotent: seeding again changes nothing and keeps the repository", async () => {
    const kubeConfig = inProcessKubeConfig(plane!.httpUrl, plane!.serverToken);
    const before = execFileSync("git", ["rev-parse", "main"], { cwd: join(dataDir, "demo", "kargo-demo-gitops.git"), encoding: "utf8" });
    const client = createKargoClient(kubeConfig);
    const stagesBefore = (await client.list("stages", "kargo-demo")).map((s) => `${s.metadata.uid}/${String(s.metadata["generation"])}`);
    await seedDemo({ kubeConfig, dataDir, logger });
    expect(execFileSync("git", ["rev-parse", "main"], { cwd: join(dataDir, "demo", "kargo-demo-gitops.git"), encoding: "utf8" })).toBe(before);
    expect((await client.list("stages", "kargo-demo")).map((s) => `${s.metadata.uid}/${String(s.metadata["generation"])}`)).toEqual(stagesBefore);
  });
});
