import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CoreV1Api } from "@kubernetes/client-node";
import { pino } from "pino";
import type { Stage } from "../../../../src/domain/types.js";
import { createKargoClient } from "../../../../src/kube/object-clients.js";
import { MAX_RESUMES } from "../../../../src/embedded/controllers/promotion-runner/promotion-runner.js";
import { inProcessKubeConfig, startEmbeddedControllers } from "../../../../src/embedded/controllers/start-embedded-controllers.js";
import { useEmbeddedControlPlane } from "../../support/use-embedded-control-plane.js";
import { createFreight, createPromotion, createStage, terminalPromotion } from "../support/kargo-objects.js";

describe("a promotion found Running at start", () => {
  const plane = useEmbeddedControlPlane({ controllers: false });

  it(`is errored with a message saying so once it was resumed ${MAX_RESUMES} times, and the Stage is freed`, async () => {
    const kubeConfig = inProcessKubeConfig(plane.controlPlane.httpUrl, plane.controlPlane.serverToken);
    const client = createKargoClient(kubeConfig);
    await kubeConfig.makeApiClient(CoreV1Api).createNamespace({ body: { metadata: { name: "resume", labels: { "kargo.akuity.io/project": "true" } } } });
    const stage = await createStage(client, "resume", "test", { warehouse: "images", steps: [{ uses: "compose-output", config: { a: "1" } }] });
    const freight = await createFreight(client, "resume", "images", { images: [{ repoURL: "nginx", tag: "1.0.0", digest: "sha256:0" }] });
    const promotion = await createPromotion(client, stage, freight.metadata.name!);
    const name = promotion.metadata.name!;
    // What a control plane killed for the last allowed time leaves behind.
    await client.patchStatus("promotions", "resume", name, { phase: "Running", currentStep: 0, state: { "embedded.kargo.akuity.io/resumes": MAX_RESUMES } });
    await client.patchStatus("stages", "resume", "test", { currentPromotion: { name } });

    const workRoot = mkdtempSync(join(tmpdir(), "kargo-work-"));
    const controllers = startEmbeddedControllers({ kubeConfig, workRoot, logger: pino({ level: "silent" }) });
    try {
      const errored = await terminalPromotion(client, "resume", name);
      expect(errored.status?.["phase"]).toBe("Errored");
      expect(errored.status?.["message"]).toBe(
        `the embedded control plane stopped ${MAX_RESUMES + 1} times while this promotion was running (last at step 0); it is not resumed again`,
      );
      expect(((await client.get<Stage>("stages", "resume", "test"))!.status as any).currentPromotion ?? undefined).toBeUndefined();
    } finally {
      await controllers.stop();
      rmSync(workRoot, { recursive: true, force: true });
    }
  });
});
