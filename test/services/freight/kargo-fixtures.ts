import { Code, ConnectError } from "@connectrpc/connect";
import { PatchStrategy, setHeaderOptions } from "@kubernetes/client-node";
import { FreightService } from "../../../gen/kargo/api/v1/freight_service_pb.js";
import { PromotionService } from "../../../gen/kargo/api/v1/promotion_service_pb.js";
import { StageService } from "../../../gen/kargo/api/v1/stage_service_pb.js";
import { WarehouseService } from "../../../gen/kargo/api/v1/warehouse_service_pb.js";
import { freightName } from "../../../src/domain/freight-name.js";
import type { Freight, FreightSources, PromotionStep } from "../../../src/domain/types.js";
import type { KargoStack } from "../../support/use-kargo-stack.js";

const group = "kargo.akuity.io";
const version = "v1alpha1";

/** Kargo objects written straight to the embedded Kubernetes API (as a controller or kubectl would). */
export interface Fixtures {
  project(name: string): Promise<void>;
  warehouse(project: string, name: string, subscriptions?: Record<string, unknown>[]): Promise<void>;
  stage(
    project: string,
    name: string,
    requested: { origin?: string; sources: FreightSources }[],
    steps?: PromotionStep[] | null,
    extra?: Record<string, unknown>,
  ): Promise<void>;
  /** Freight named by its artifacts' ID, with an alias; returns its name. */
  freight(project: string, spec: { origin?: string; alias: string; images?: { repoURL: string; tag: string }[]; discoveredAt?: string }): Promise<string>;
  /** Merge-patches the Freight's status (approvedFor, verifiedIn, currentlyIn …). */
  freightStatus(project: string, name: string, status: Freight["status"]): Promise<void>;
  /**
   * Merge-patches a Promotion's status (phase …), as the controller would. The promotion runner's
   * own marks (Pending …) are conditional on the version it read, so they never overwrite it.
   */
  promotionStatus(project: string, name: string, status: Record<string, unknown>): Promise<void>;
  /** Waits until the server shows the Promotion in `phase` (e.g. Running, once the runner took it). */
  promotionPhase(project: string, name: string, phase: string): Promise<void>;
  /** Merge-patches a Stage's status. */
  stageStatus(project: string, name: string, status: Record<string, unknown>): Promise<void>;
}

/**
 * Default steps of fixture Stages. The embedded control plane runs Promotions (its promotion
 * runner, one at a time per Stage); this step clones from a port nothing listens on and retries
 * without end, so a Stage's first Promotion stays Running until aborted and later ones stay
 * Pending behind it: phases the tests can rely on.
 */
export const STEPS: PromotionStep[] = [
  {
    uses: "git-clone",
    as: "clone",
    config: { repoURL: "http://127.0.0.1:1/gitops.git", checkout: [{ branch: "main", path: "./out" }] },
    retry: { errorThreshold: 1_000_000 },
  },
];

/**
 * Writes fixtures with client-node and waits until the server's caches show each write (through
 * the server's own Get RPCs), so the RPC under test reads what the test arranged.
 */
export function fixtures(stack: () => KargoStack): Fixtures {
  const custom = () => stack().custom;
  const rvOf = (object: unknown) => (object as { metadata: { resourceVersion: string } }).metadata.resourceVersion;

  async function until(read: () => Promise<string | undefined>, rv: string): Promise<void> {
    for (;;) {
      const seen = await read().catch((e: unknown) => {
        if (e instanceof ConnectError && e.code === Code.NotFound) return undefined;
        throw e;
      });
      if (seen !== undefined && Number(seen) >= Number(rv)) return;
      await new Promise((r) => setTimeout(r, 10));
    }
  }
  const seenFreight = (project: string, name: string, rv: string) =>
    until(async () => {
      const res = await stack().client(FreightService).getFreight({ project, name });
      return res.result.case === "freight" ? res.result.value.metadata?.resourceVersion : undefined;
    }, rv);
  const seenStage = (project: string, name: string, rv: string) =>
    until(async () => {
      const res = await stack().client(StageService).getStage({ project, name });
      return res.result.case === "stage" ? res.result.value.metadata?.resourceVersion : undefined;
    }, rv);
  /** The Promotion's phase as the server shows it; undefined while it has none (or is not seen yet). */
  const phaseOf = async (project: string, name: string) => {
    const res = await stack().client(PromotionService).getPromotion({ project, name });
    return (res.result.case === "promotion" ? res.result.value.status?.phase : undefined) || undefined;
  };

  return {
    async project(name) {
      await stack().core.createNamespace({ body: { metadata: { name, labels: { "kargo.akuity.io/project": "true" } } } });
    },
    async warehouse(project, name, subscriptions = [{ image: { repoURL: "ghcr.io/example/app" } }]) {
      const created = await custom().createNamespacedCustomObject({
        group,
        version,
        namespace: project,
        plural: "warehouses",
        body: { apiVersion: `${group}/${version}`, kind: "Warehouse", metadata: { name }, spec: { interval: "5m0s", subscriptions } },
      });
      await until(async () => {
        const res = await stack().client(WarehouseService).getWarehouse({ project, name });
        return res.result.case === "warehouse" ? res.result.value.metadata?.resourceVersion : undefined;
      }, rvOf(created));
    },
    async stage(project, name, requested, steps = STEPS, extra = {}) {
      const spec: Record<string, unknown> = {
        requestedFreight: requested.map((r) => ({ origin: { kind: "Warehouse", name: r.origin ?? "images" }, sources: r.sources })),
        ...extra,
      };
      if (steps !== null) spec["promotionTemplate"] = { spec: { steps } };
      const created = await custom().createNamespacedCustomObject({
        group,
        version,
        namespace: project,
        plural: "stages",
        body: { apiVersion: `${group}/${version}`, kind: "Stage", metadata: { name }, spec },
      });
      await seenStage(project, name, rvOf(created));
    },
    async freight(project, spec) {
      const origin = { kind: "Warehouse", name: spec.origin ?? "images" };
      const images = spec.images ?? [{ repoURL: "ghcr.io/example/app", tag: `1.0.0-${spec.alias}` }];
      const name = freightName({ origin, images });
      const created = await custom().createNamespacedCustomObject({
        group,
        version,
        namespace: project,
        plural: "freights",
        body: {
          apiVersion: `${group}/${version}`,
          kind: "Freight",
          metadata: { name, labels: { "kargo.akuity.io/alias": spec.alias } },
          alias: spec.alias,
          origin,
          images,
          ...(spec.discoveredAt ? { discoveredAt: spec.discoveredAt } : {}),
        },
      });
      await seenFreight(project, name, rvOf(created));
      return name;
    },
    async freightStatus(project, name, status) {
      const patched = await custom().patchNamespacedCustomObjectStatus(
        { group, version, namespace: project, plural: "freights", name, body: { status } },
        mergePatch,
      );
      await seenFreight(project, name, rvOf(patched));
    },
    async promotionStatus(project, name, status) {
      const patched = await custom().patchNamespacedCustomObjectStatus(
        { group, version, namespace: project, plural: "promotions", name, body: { status } },
        mergePatch,
      );
      await until(async () => {
        const res = await stack().client(PromotionService).getPromotion({ project, name });
        return res.result.case === "promotion" ? res.result.value.metadata?.resourceVersion : undefined;
      }, rvOf(patched));
    },
    async promotionPhase(project, name, phase) {
      while ((await phaseOf(project, name)) !== phase) await new Promise((r) => setTimeout(r, 20));
    },
    async stageStatus(project, name, status) {
      const patched = await custom().patchNamespacedCustomObjectStatus(
        { group, version, namespace: project, plural: "stages", name, body: { status } },
        mergePatch,
      );
      await seenStage(project, name, rvOf(patched));
    },
  };
}

/** client-node sends JSON Patch by default; these fixtures merge-patch. */
const mergePatch = setHeaderOptions("Content-Type", PatchStrategy.MergePatch);

/** The ConnectError code a promise rejects with (fails the test when it resolves). */
export async function codeOf(promise: Promise<unknown>): Promise<Code> {
  try {
    await promise;
  } catch (e) {
    return ConnectError.from(e).code;
  }
  throw new Error("expected the call to fail");
}

/** The ConnectError a promise rejects with. */
export async function errorOf(promise: Promise<unknown>): Promise<ConnectError> {
  try {
    await promise;
  } catch (e) {
    return ConnectError.from(e);
  }
  throw new Error("expected the call to fail");
}
