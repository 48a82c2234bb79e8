import { freightName } from "../../../domain/freight-name.js";
import { parseGoDuration } from "../../../domain/parse-go-duration.js";
import type { Freight, GitCommit, KubeObject } from "../../../domain/types.js";
import type { ControllerLogger } from "../controller-logger.js";
import { isNotFound, type KargoClient } from "../kargo-client.js";
import { rfc3339 } from "../promotion-runner/step-outcome.js";
import { findGitCredentials } from "../find-git-credentials.js";
import { discoverGit, type GitSubscription } from "./discover-git.js";

/** Kargo's annotation asking for a reconcile now (value: any new token, usually a timestamp). */
export const REFRESH_ANNOTATION = "kargo.akuity.io/refresh";
const DEFAULT_INTERVAL_MS = 5 * 60_000;
/** A discovery taking longer is cancelled (its git processes killed) and retried at the next interval. */
const DISCOVERY_TIMEOUT_MS = 2 * 60_000;

/** Options of createWarehouseDiscoverer. */
export interface WarehouseDiscovererOptions {
  client: KargoClient;
  logger: ControllerLogger;
  /** Where bare mirrors of subscribed repositories are kept. */
  cacheDir: string;
  now?: () => Date;
}

interface Warehouse extends KubeObject {
  spec?: { interval?: string; freightCreationPolicy?: string; subscriptions?: Record<string, unknown>[] };
  status?: Record<string, unknown>;
}

/**
 * Warehouse artifact discovery for Git subscriptions. A Warehouse is discovered when it is new or
 * its spec changed (`generation` ≠ `status.observedGeneration`), when its `kargo.akuity.io/refresh`
 * annotation has a value not yet in `status.lastHandledRefresh`, and every `spec.interval`. Each
 * discovery writes `status.discoveredArtifacts` (discoveredAt, git[]), `observedGeneration`,
 * `lastHandledRefresh` and a Ready condition; with `freightCreationPolicy: Automatic` (default)
 * it creates Freight holding the newest commit of every subscription — once: Freight names are
 * content hashes — and records it as `status.lastFreightID`. Image, chart and generic
 * subscriptions need registries the embedded engine does not reach: such a Warehouse is marked
 * not Ready with a message saying so, and makes no Freight.
 */
export function createWarehouseDiscoverer(options: WarehouseDiscovererOptions): { reconcile(): Promise<void>; stop(): Promise<void> } {
  const { client, logger } = options;
  const now = options.now ?? (() => new Date());
  const lastRun = new Map<string, number>();
  // Discoveries run beside the reconcile loop, so a slow or unreachable remote never holds up
  // promotions or other Warehouses; one at a time per Warehouse.
  const inFlight = new Map<string, Promise<void>>();
  const stopping = new AbortController();

  const discover = async (warehouse: Warehouse, signal: AbortSignal) => {
    const namespace = warehouse.metadata.namespace ?? "";
    const name = warehouse.metadata.name ?? "";
    const refresh = warehouse.metadata.annotations?.[REFRESH_ANNOTATION];
    const generation = warehouse.metadata["generation"];
    const bookkeeping = { observedGeneration: generation, ...(refresh !== undefined ? { lastHandledRefresh: refresh } : {}) };
    const subscriptions = warehouse.spec?.subscriptions ?? [];
    const unsupported = subscriptions.map((s) => Object.keys(s)[0]).filter((kind) => kind !== "git");
    if (unsupported.length > 0) {
      await client.patchStatus("warehouses", namespace, name, {
        ...bookkeeping,
        conditions: [condition("False", "UnsupportedSubscription", `the embedded engine discovers only git subscriptions; this Warehouse has ${unsupported.join(", ")}`, generation, now())],
      });
      return;
    }
    const git: GitDiscovery[] = [];
    try {
      for (const subscription of subscriptions) {
        const gitSubscription = subscription["git"] as GitSubscription;
        git.push(await discoverGit(options.cacheDir, gitSubscription, signal, await findGitCredentials(client, namespace, gitSubscription.repoURL)));
      }
    } catch (error) {
      if (signal.aborted && signal.reason instanceof DOMException && signal.reason.name !== "TimeoutError") return;
      logger.warn({ err: error, project: namespace, warehouse: name }, "git discovery failed");
      await client.patchStatus("warehouses", namespace, name, {
        ...bookkeeping,
        conditions: [condition("False", "DiscoveryFailed", (error as Error).message, generation, now())],
      });
      return;
    }
    const status: Record<string, unknown> = {
      ...bookkeeping,
      discoveredArtifacts: { discoveredAt: rfc3339(now()), git: git.map((d) => d.artifacts) },
      conditions: [condition("True", "ArtifactsDiscovered", `discovered ${git.reduce((n, d) => n + d.artifacts.commits.length, 0)} commits`, generation, now())],
    };
    const commits = git.map((d) => d.newest);
    if ((warehouse.spec?.freightCreationPolicy ?? "Automatic") === "Automatic" && commits.length > 0 && commits.every((c) => c !== undefined)) {
      status.lastFreightID = await ensureFreight(client, warehouse, commits as GitCommit[], now(), logger);
    }
    await client.patchStatus("warehouses", namespace, name, status);
  };

  return {
    async reconcile() {
      for (const warehouse of await client.list<Warehouse>("warehouses")) {
        const key = `${warehouse.metadata.namespace}/${warehouse.metadata.name}`;
        if (inFlight.has(key) || stopping.signal.aborted) continue;
        const refresh = warehouse.metadata.annotations?.[REFRESH_ANNOTATION];
        const status = warehouse.status ?? {};
        const intervalMs = parseGoDuration(warehouse.spec?.interval ?? "") || DEFAULT_INTERVAL_MS;
        const due =
          status["observedGeneration"] !== warehouse.metadata["generation"] ||
          (refresh !== undefined && refresh !== status["lastHandledRefresh"]) ||
          now().getTime() - (lastRun.get(key) ?? 0) >= intervalMs;
        if (!due) continue;
        lastRun.set(key, now().getTime());
        const signal = AbortSignal.any([stopping.signal, AbortSignal.timeout(DISCOVERY_TIMEOUT_MS)]);
        const run = discover(warehouse, signal)
          .catch((error: unknown) => {
            // A Warehouse deleted meanwhile is not a problem; anything else is logged and retried.
            if (!isNotFound(error) && !signal.aborted) logger.warn({ err: error, warehouse: key }, "warehouse discovery failed");
          })
          .finally(() => inFlight.delete(key));
        inFlight.set(key, run);
      }
    },
    async stop() {
      stopping.abort();
      await Promise.all(inFlight.values());
    },
  };
}

type GitDiscovery = Awaited<ReturnType<typeof discoverGit>>;

/** Creates the Freight of these commits unless it exists; returns its name. */
async function ensureFreight(client: KargoClient, warehouse: Warehouse, commits: GitCommit[], now: Date, logger: ControllerLogger): Promise<string> {
  const namespace = warehouse.metadata.namespace ?? "";
  const origin = { kind: "Warehouse", name: warehouse.metadata.name ?? "" };
  const name = freightName({ origin, commits });
  if (await client.get<Freight>("freights", namespace, name)) return name;
  try {
    await client.create("freights", namespace, {
      apiVersion: "kargo.akuity.io/v1alpha1",
      kind: "Freight",
      metadata: { name, namespace },
      origin,
      commits,
      discoveredAt: now.toISOString(),
    });
    logger.info({ project: namespace, warehouse: origin.name, freight: name }, "discovered new freight");
  } catch (error) {
    // Created meanwhile by someone else (CreateFreight, another pass): the same content, so fine.
    if ((error as { code?: number }).code !== 409) throw error;
  }
  return name;
}

function condition(status: "True" | "False", reason: string, message: string, generation: unknown, now: Date) {
  return {
    type: "Ready",
    status,
    reason,
    message,
    lastTransitionTime: rfc3339(now),
    ...(typeof generation === "number" ? { observedGeneration: generation } : {}),
  };
}
