import { PromotionService } from "../../../gen/kargo/api/v1/promotion_service_pb.js";
import { ResourceService } from "../../../gen/kargo/api/v1/resource_service_pb.js";
import type { Freight } from "../../../src/domain/types.js";
import { createKargoClient, type KargoClient } from "../../../src/kube/object-clients.js";
import { createFreight, createStage, terminalPromotion } from "../../embedded/controllers/support/kargo-objects.js";
import { useKargoStack, type KargoStack } from "../../support/use-kargo-stack.js";
import { foreignProjectAdminToken } from "../common/foreign-caller.js";
import { fixtures } from "../common/fixtures.js";

// Issue 21 item 4: CustomPromotionSteps registered by an admin through ResourceService, run by the
// embedded promotion engine when KARGO_CUSTOM_STEPS_ENABLED is set, and refused otherwise.

const customStep = (name: string) => `apiVersion: embedded.kargo.akuity.io/v1alpha1
kind: CustomPromotionStep
metadata:
  name: ${name}
spec:
  command: ["sh", "-c", "echo \\"version=$BASE-$STAGE\\"; echo \\"freight=$FREIGHT\\""]
  env:
    - name: BASE
      value: "\${{ config.base }}"
    - name: STAGE
      value: "\${{ ctx.stage }}"
    - name: FREIGHT
      value: "\${{ ctx.targetFreight.name }}"
  outputs:
    - source: Stdout
      format: KeyValue
  defaultTimeout: 1m
`;

/** Registers `manifest` through ResourceService as the caller of `token`; the one result. */
async function register(stack: KargoStack, manifest: string, token?: string) {
  const { results } = await stack.client(ResourceService, token).createResource({ manifest: new TextEncoder().encode(manifest) });
  return results[0]!.result;
}

/** A Stage using the custom step, then compose-output reading its outputs; and Freight for it. */
async function pipeline(stack: KargoStack, project: string, client: KargoClient): Promise<Freight> {
  await fixtures(stack).project(project);
  await createStage(client, project, "test", {
    warehouse: "images",
    steps: [
      { uses: "make-version", as: "mk", config: { base: "1.0" } },
      { uses: "compose-output", as: "final", config: { tag: "${{ outputs.mk.version }}", freight: "${{ outputs.mk.freight }}" } },
    ],
  });
  return createFreight(client, project, "images", { images: [{ repoURL: "nginx", tag: "1.0.0", digest: "sha256:100" }] });
}

/** PromoteToStage once the service's caches hold the Stage and Freight; the finished Promotion. */
async function promote(stack: KargoStack, client: KargoClient, project: string, freight: string) {
  const promotions = stack.client(PromotionService);
  for (;;) {
    const created = await promotions.promoteToStage({ project, stage: "test", freight }).catch(() => undefined);
    if (created) return terminalPromotion(client, project, created.promotion!.metadata!.name!);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe("custom promotion steps, enabled", () => {
  const stack = useKargoStack({ env: { KARGO_CUSTOM_STEPS_ENABLED: "true" } });

  it("run as a local process whose outputs a later step consumes", async () => {
    expect((await register(stack(), customStep("make-version"))).case).toBe("createdResource");
    const client = createKargoClient(stack().kubeConfig);
    const freight = await pipeline(stack(), "custom-on", client);
    const promotion = await promote(stack(), client, "custom-on", freight.metadata.name!);
    expect(promotion.status?.["message"]).toBe("All steps completed");
    expect(promotion.status?.["phase"]).toBe("Succeeded");
    expect((promotion.status?.["state"] as Record<string, unknown>)["final"]).toEqual({ tag: "1.0-test", freight: freight.metadata.name });

    // A preview finds the step but does not run it (its effects are not declared), so a later step
    // reading its outputs finds none, and the preview says so.
    const preview = await stack().client(PromotionService).previewPromotion({ project: "custom-on", stage: "test", freight: freight.metadata.name! });
    expect(preview.steps.map((step) => [step.alias, step.status])).toEqual([
      ["mk", "Skipped"],
      ["final", "Errored"],
    ]);
    expect(preview.steps[0]!.externalEffect).toBe('runs the command of custom promotion step "make-version", whose effects are not declared');
    expect(preview.message).toMatch(/^step "final" errored: /u);
  });

  it("are refused by validation when malformed or named like a built-in step", async () => {
    const noCommand = await register(
      stack(),
      "apiVersion: embedded.kargo.akuity.io/v1alpha1\nkind: CustomPromotionStep\nmetadata:\n  name: empty\nspec:\n  env: []\n",
    );
    expect(noCommand).toMatchObject({ case: "error", value: { code: "invalid_argument" } });
    expect((noCommand.value as { message: string }).message).toContain("spec.command");
    const shadow = await register(stack(), customStep("git-push"));
    expect(shadow).toMatchObject({ case: "error", value: { code: "invalid_argument" } });
    expect((shadow.value as { message: string }).message).toContain("built-in promotion step");
  });

  it("can be registered only with cluster-admin rights, even by a caller allowed to create them", async () => {
    const outsider = await foreignProjectAdminToken(stack(), "custom-outsider");
    expect(await register(stack(), customStep("sneaky"), outsider)).toMatchObject({ case: "error", value: { code: "permission_denied" } });
    // Grant the outsider's role create on custompromotionsteps, cluster-wide: still not cluster-admin.
    await stack().rbac.createClusterRole({
      body: {
        metadata: { name: "custom-step-writer" },
        rules: [{ apiGroups: ["embedded.kargo.akuity.io"], resources: ["custompromotionsteps"], verbs: ["create", "get", "list"] }],
      },
    });
    await stack().rbac.createClusterRoleBinding({
      body: {
        metadata: { name: "custom-step-writer" },
        roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "custom-step-writer" },
        subjects: [{ kind: "ServiceAccount", name: "kargo-admin", namespace: "custom-outsider" }],
      },
    });
    const denied = await register(stack(), customStep("sneaky"), outsider);
    expect(denied).toMatchObject({ case: "error", value: { code: "permission_denied" } });
    expect((denied.value as { message: string }).message).toMatch(
      /^custom promotion step "sneaky" \(its command runs on the server\): requester may not grant permissions it does not hold/u,
    );
    await expect(
      stack().custom.getClusterCustomObject({ group: "embedded.kargo.akuity.io", version: "v1alpha1", plural: "custompromotionsteps", name: "sneaky" }),
    ).rejects.toMatchObject({ code: 404 });
  });
});

describe("custom promotion steps, by default", () => {
  const stack = useKargoStack();

  it("are disabled: a promotion using one fails saying how to enable them", async () => {
    expect((await register(stack(), customStep("make-version"))).case).toBe("createdResource");
    const client = createKargoClient(stack().kubeConfig);
    const freight = await pipeline(stack(), "custom-off", client);
    const promotion = await promote(stack(), client, "custom-off", freight.metadata.name!);
    expect(promotion.status?.["phase"]).toBe("Failed");
    expect(promotion.status?.["message"]).toBe(
      'step "mk" failed: step "make-version" is a CustomPromotionStep, and custom promotion steps are disabled on this server (set KARGO_CUSTOM_STEPS_ENABLED=true to run them)',
    );
  });
});
