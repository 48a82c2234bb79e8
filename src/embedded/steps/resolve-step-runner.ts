import type { KubeConfig } from "@kubernetes/client-node";
import { createCustomObjectClient } from "../../kube/object-clients.js";
import { customStepRunner, type CustomPromotionStep } from "./custom-promotion-step.js";
import { STEP_RUNNERS, unsupportedStepMessage } from "./step-runners.js";
import type { StepRunner } from "./step-types.js";

/** Where the promotion engine finds CustomPromotionSteps, and whether it may run them. */
export interface CustomSteps {
  /** KARGO_CUSTOM_STEPS_ENABLED. */
  readonly enabled: boolean;
  get(name: string): Promise<CustomPromotionStep | undefined>;
}

/** CustomSteps read from the (embedded) Kubernetes API of `kubeConfig`. */
export function customStepsFrom(kubeConfig: KubeConfig, enabled: boolean): CustomSteps {
  const client = createCustomObjectClient<"custompromotionsteps">(kubeConfig);
  return { enabled, get: (name) => client.get<CustomPromotionStep>("custompromotionsteps", "", name) };
}

/** A step's runner: a built-in, or a CustomPromotionStep (with its default error threshold); else why none. */
export type ResolvedStep = { runner: StepRunner; custom?: CustomPromotionStep } | { failure: string };

/**
 * The runner for `uses`: a built-in step (STEP_RUNNERS) first, then a CustomPromotionStep of that
 * name, which fails when custom steps are disabled — saying how to enable them, since the step
 * exists and the admin meant it to run.
 */
export async function resolveStepRunner(uses: string | undefined, customSteps: CustomSteps | undefined): Promise<ResolvedStep> {
  if (!uses) return { failure: "the step names no runner (uses)" };
  const builtIn = STEP_RUNNERS.get(uses);
  if (builtIn) return { runner: builtIn };
  const custom = customSteps ? await customSteps.get(uses) : undefined;
  if (!custom) return { failure: unsupportedStepMessage(uses) };
  if (!customSteps?.enabled)
    return {
      failure: `step "${uses}" is a CustomPromotionStep, and custom promotion steps are disabled on this server (set KARGO_CUSTOM_STEPS_ENABLED=true to run them)`,
    };
  return { runner: customStepRunner(custom), custom };
}
