import { freightName } from "../../../../src/domain/freight-name.js";
import type { Freight, Promotion, PromotionStep, Stage } from "../../../../src/domain/types.js";
import type { KargoClient } from "../../../../src/kube/object-clients.js";
import { eventually } from "../../../support/eventually.js";

const API_VERSION = "kargo.akuity.io/v1alpha1";

/** Creates a Warehouse subscribed to a Git repository. */
export async function createWarehouse(client: KargoClient, project: string, name: string, git: Record<string, unknown>, interval = "5m0s"): Promise<void> {
  await client.create("warehouses", project, {
    apiVersion: API_VERSION,
    kind: "Warehouse",
    metadata: { name, namespace: project },
    spec: { interval, subscriptions: [{ git }] },
  });
}

/** Creates a Stage requesting Freight from a Warehouse (direct, or from upstream Stages) with template steps. */
export async function createStage(
  client: KargoClient,
  project: string,
  name: string,
  options: { warehouse: string; upstream?: string[]; steps: PromotionStep[]; vars?: { name: string; value: string }[] },
): Promise<Stage> {
  return client.create<Stage>("stages", project, {
    apiVersion: API_VERSION,
    kind: "Stage",
    metadata: { name, namespace: project },
    spec: {
      requestedFreight: [
        { origin: { kind: "Warehouse", name: options.warehouse }, sources: options.upstream ? { stages: options.upstream } : { direct: true } },
      ],
      promotionTemplate: { spec: { steps: options.steps, ...(options.vars ? { vars: options.vars } : {}) } },
    },
  });
}

/** Creates Freight from a Warehouse holding commits and images; named as Kargo names it. */
export async function createFreight(client: KargoClient, project: string, warehouse: string, artifacts: Pick<Freight, "commits" | "images">): Promise<Freight> {
  const origin = { kind: "Warehouse", name: warehouse };
  const name = freightName({ origin, ...artifacts });
  return client.create<Freight>("freights", project, {
    apiVersion: API_VERSION,
    kind: "Freight",
    metadata: { name, namespace: project },
    origin,
    ...artifacts,
  });
}

/**
 * Creates a Promotion of `freight` into `stage` carrying the Stage's steps and vars (what the
 * admission copies from the template; given here too so the runner's tests do not depend on it).
 */
export async function createPromotion(client: KargoClient, stage: Stage, freight: string, name?: string): Promise<Promotion> {
  const project = stage.metadata.namespace ?? "";
  const template = stage.spec?.promotionTemplate?.spec ?? {};
  return client.create<Promotion>("promotions", project, {
    apiVersion: API_VERSION,
    kind: "Promotion",
    metadata: { ...(name ? { name } : { generateName: `${stage.metadata.name}-` }), namespace: project },
    spec: { stage: stage.metadata.name, freight, steps: template.steps ?? [], ...(template.vars ? { vars: template.vars } : {}) },
  });
}

/** Waits until a Promotion reaches a terminal phase and returns it (the test timeout bounds the wait). */
export async function terminalPromotion(client: KargoClient, project: string, name: string): Promise<Promotion> {
  let promotion: Promotion | undefined;
  await eventually(async () => {
    promotion = await client.get<Promotion>("promotions", project, name);
    return ["Succeeded", "Failed", "Errored", "Aborted"].includes(String(promotion?.status?.["phase"]));
  });
  return promotion!;
}
