import { CoreV1Api } from "@kubernetes/client-node";
import type { Promotion } from "../../../../src/domain/types.js";
import { createAutoPromoter } from "../../../../src/embedded/controllers/auto-promotion/auto-promoter.js";
import type { ControllerLogger } from "../../../../src/embedded/controllers/controller-logger.js";
import { createKargoClient } from "../../../../src/kube/object-clients.js";
import { useEmbeddedControlPlane } from "../../support/use-embedded-control-plane.js";
import { createFreight, createStage } from "../support/kargo-objects.js";

const PROJECT = "one-pass";

describe("one auto-promotion pass", () => {
  // No controllers of its own: the test runs the auto-promoter's passes itself.
  const embedded = useEmbeddedControlPlane({ controllers: false });
  const logged: string[] = [];
  const logger: ControllerLogger = { info: (_, message) => logged.push(message), warn: () => {}, error: () => {}, debug: () => {} };

  beforeAll(async () => {
    const client = createKargoClient(embedded.kubeConfig());
    await embedded
      .kubeConfig()
      .makeApiClient(CoreV1Api)
      .createNamespace({ body: { metadata: { name: PROJECT, labels: { "kargo.akuity.io/project": "true" } } } });
    await client.create("projectconfigs", PROJECT, {
      apiVersion: "kargo.akuity.io/v1alpha1",
      kind: "ProjectConfig",
      metadata: { name: PROJECT, namespace: PROJECT },
      spec: { promotionPolicies: [{ stageSelector: { name: "glob:*" }, autoPromotionEnabled: true }] },
    });
    await client.create("warehouses", PROJECT, {
      apiVersion: "kargo.akuity.io/v1alpha1",
      kind: "Warehouse",
      metadata: { name: "app", namespace: PROJECT },
      spec: { subscriptions: [{ image: { repoURL: "example.invalid/app" } }] },
    });
    const steps = [{ uses: "git-clear", config: { path: "./out" } }];
    await createStage(client, PROJECT, "blue", { warehouse: "app", steps });
    await createStage(client, PROJECT, "green", { warehouse: "app", steps });
    await createFreight(client, PROJECT, "app", { images: [{ repoURL: "example.invalid/app", tag: "1.0.0", digest: `sha256:${"a".repeat(64)}` }] });
  });

  it("promotes the Freight to every Stage it applies to, in one pass, over lists the client reuses", async () => {
    const client = createKargoClient(embedded.kubeConfig());
    // The client has listed everything once, so the pass below sees the reused, frozen lists.
    for (const plural of ["projectconfigs", "stages", "freights", "promotions"] as const)
      await client.list(plural, plural === "projectconfigs" ? undefined : PROJECT);
    await createAutoPromoter({ client, logger }).reconcile();
    const promotions = await client.list<Promotion>("promotions", PROJECT);
    expect(promotions.map((p) => p.spec.stage).sort()).toEqual(["blue", "green"]);
    expect(logged.filter((message) => message === "auto-promotion created a promotion")).toHaveLength(2);
  });

  it("creates nothing more on the next pass", async () => {
    const client = createKargoClient(embedded.kubeConfig());
    await createAutoPromoter({ client, logger }).reconcile();
    expect((await client.list<Promotion>("promotions", PROJECT)).length).toBe(2);
  });
});
