import { REFRESH_ANNOTATION } from "../../../domain/well-known-keys.js";
import { freightName } from "../../../domain/freight-name.js";
import { parseGoDuration } from "../../../domain/parse-go-duration.js";
import type { Chart, Freight, GitCommit, Image, KubeObject } from "../../../domain/types.js";
import { parseImageRepository } from "../../registry/image-repository.js";
import { createRegistryClients } from "../../registry/registry-clients.js";
import { isRegistryError } from "../../registry/registry-error.js";
import { withRetryAfterReporter, type RetryAfterWait } from "../../registry/retry-after-reporter.js";
import type { ControllerLogger } from "../controller-logger.js";
import { findCredentials } from "../find-credentials.js";
import { isNotFound, type KargoClient } from "../../../kube/object-clients.js";
import type { Wake } from "../wake.js";
import { rfc3339 } from "../../../util/rfc3339.js";
import { describeDiscoveryError } from "./describe-discovery-error.js";
import { discoverChart, type ChartSubscription } from "./discover-chart.js";
import { discoverGit, type GitSubscription } from "./discover-git.js";
import { createImageMetadataCache, discoverImage, type ImageSubscription } from "./discover-image.js";
import { freightCriteriaMet } from "./freight-criteria-met.js";

const DEFAULT_INTERVAL_MS = 5 * 60_000;
/** A discovery taking longer is cancelled (its git processes killed) and retried at the next interval. */
const DISCOVERY_TIMEOUT_MS = 2 * 60_000;
/** Retries after a failed discovery wait 1 s, 2 s, 4 s … up to this (and never longer than the interval). */
const MAX_BACKOFF_MS = 5 * 60_000;

/** Options of createWarehouseDiscoverer. */
export interface WarehouseDiscovererOptions {
  client: KargoClient;
  logger: ControllerLogger;
  /** Where bare mirrors of subscribed repositories are kept. */
  cacheDir: string;
  now?: () => Date;
  /** Tags per page asked of registries (tests use a small one to exercise pagination). */
  tagPageSize?: number;
  /** Called when a discovery made Freight, so the loop's other controllers (auto-promotion) act at once. */
  discovered?: () => void;
  /** Asks for a pass when the next interval or retry of a Warehouse is due, and after each discovery. */
  wake?: Wake;
}

export interface Warehouse extends KubeObject {
  spec?: { interval?: string; freightCreationPolicy?: string; freightCreationCriteria?: { expression?: string }; subscriptions?: Record<string, unknown>[] };
  status?: Record<string, unknown>;
}

/** What one subscription yielded. */
type Found =
  | { kind: "git"; artifacts: Record<string, unknown>; newest: GitCommit | undefined; empty: string }
  | { kind: "image"; artifacts: Record<string, unknown>; newest: Image | undefined; empty: string }
  | { kind: "chart"; artifacts: Record<string, unknown>; newest: Chart | undefined; empty: string };

/** The Warehouse discoverer, run by the controllers' passes. */
export interface WarehouseDiscoverer {
  reconcile(): Promise<void>;
  /**
   * Discovers these Warehouses now, outside a pass (a webhook asked): each is read
   * afresh and its discovery started at once; one already running is run again as soon as it
   * ends, so a push that lands during a discovery is not missed.
   */
  refresh(warehouses: readonly Warehouse[]): void;
  stop(): Promise<void>;
}

/**
 * Warehouse artifact discovery for Git, image and chart subscriptions. A Warehouse is discovered when it
 * is new or its spec changed (`generation` ≠ `status.observedGeneration`), when its
 * `kargo.akuity.io/refresh` annotation has a value not yet in `status.lastHandledRefresh`, every
 * `spec.interval`, and — after a failure — with exponential backoff. Each discovery writes
 * `status.discoveredArtifacts` (discoveredAt, git[], images[], charts[]), `observedGeneration`,
 * `lastHandledRefresh` and the conditions `Healthy` (discovery worked, or why not: the reason
 * names auth failures, missing repositories, unreachable registries) and `Ready` (also False when
 * a subscription matched nothing). With `freightCreationPolicy: Automatic` (default) and
 * `freightCreationCriteria.expression` true (or absent), it creates Freight holding the newest
 * artifact of every subscription — once: Freight names are content hashes — and records it as
 * `status.lastFreightID`. Generic subscriptions mark the Warehouse not Ready.
 */
export function createWarehouseDiscoverer(options: WarehouseDiscovererOptions): WarehouseDiscoverer {
  const { client, logger } = options;
  const now = options.now ?? (() => new Date());
  const lastRun = new Map<string, number>();
  const failures = new Map<string, { count: number; retryAt: number }>();
  // Discoveries run beside the passes, so a slow or unreachable remote never holds up
  // promotions or other Warehouses; one at a time per Warehouse.
  const inFlight = new Map<string, Promise<void>>();
  const stopping = new AbortController();
  const registries = createRegistryClients();
  const imageCache = createImageMetadataCache();

  const discoverSubscription = async (namespace: string, subscription: Record<string, unknown>, signal: AbortSignal): Promise<Found> => {
    if (subscription["git"]) {
      const git = subscription["git"] as GitSubscription;
      const found = await discoverGit(options.cacheDir, git, signal, await findCredentials(client, namespace, "git", git.repoURL));
      return {
        kind: "git",
        ...found,
        empty: `no commit of ${git.repoURL} matches the subscription${git.semverConstraint ? ` (constraint "${git.semverConstraint}")` : ""}`,
      };
    }
    if (subscription["chart"]) {
      const chart = subscription["chart"] as ChartSubscription;
      const credentials = await findCredentials(client, namespace, "helm", chart.repoURL);
      const found = await discoverChart(
        chart,
        () => registries.clientFor(parseImageRepository(chart.repoURL), { credentials, tagPageSize: options.tagPageSize }),
        credentials,
        signal,
      );
      const empty = `no version of chart ${chart.name ? `"${chart.name}" in ` : ""}${chart.repoURL} matches the subscription${chart.semverConstraint ? ` (constraint "${chart.semverConstraint}")` : ""}`;
      return { kind: "chart", artifacts: found.artifacts, newest: found.newest, empty };
    }
    const image = subscription["image"] as ImageSubscription;
    const repository = parseImageRepository(image.repoURL);
    const credentials = await findCredentials(client, namespace, "image", image.repoURL);
    const registry = registries.clientFor(repository, { credentials, insecureSkipTLSVerify: image.insecureSkipTLSVerify, tagPageSize: options.tagPageSize });
    const found = await discoverImage(registry, image, imageCache, signal);
    const constraint = image.constraint || image.semverConstraint;
    const empty =
      image.imageSelectionStrategy === "Digest"
        ? `tag "${constraint}" of ${image.repoURL} has no image${image.platform ? ` for ${image.platform}` : ""}`
        : `no tag of ${image.repoURL} matches the subscription${constraint ? ` (constraint "${constraint}")` : ""}${image.platform ? ` for ${image.platform}` : ""}`;
    return { kind: "image", artifacts: found.artifacts as unknown as Record<string, unknown>, newest: found.newest, empty };
  };

  const discover = async (warehouse: Warehouse, key: string, signal: AbortSignal) => {
    const namespace = warehouse.metadata.namespace ?? "";
    const name = warehouse.metadata.name ?? "";
    const refresh = warehouse.metadata.annotations?.[REFRESH_ANNOTATION];
    const generation = warehouse.metadata["generation"];
    const bookkeeping = { observedGeneration: generation, ...(refresh !== undefined ? { lastHandledRefresh: refresh } : {}) };
    const subscriptions = warehouse.spec?.subscriptions ?? [];
    const conditions = (ready: [string, string, string], healthy: [string, string, string]) => [
      condition("Ready", ...ready, generation, now()),
      condition("Healthy", ...healthy, generation, now()),
    ];
    const unsupported = subscriptions.map((s) => Object.keys(s)[0] ?? "").filter((kind) => kind !== "git" && kind !== "image" && kind !== "chart");
    if (unsupported.length > 0) {
      const message = `the embedded engine discovers git, image and chart subscriptions; this Warehouse has ${unsupported.join(", ")}`;
      await client.patchStatus("warehouses", namespace, name, {
        ...bookkeeping,
        conditions: conditions(["False", "UnsupportedSubscription", message], ["False", "UnsupportedSubscription", message]),
      });
      return;
    }
    const found: Found[] = [];
    // A registry that answers 429/503 with Retry-After is waited out; the status says so meanwhile
    // (a Reconciling condition beside the last Ready/Healthy, gone with the discovery's own status).
    let waitingSaid = "";
    let said: Promise<unknown> = Promise.resolve();
    const sayWaiting = (wait: RetryAfterWait) => {
      const message = `waiting ${Math.ceil(wait.waitMs / 1000)} s before asking ${wait.url.origin} again: it answered HTTP ${wait.status} with Retry-After`;
      if (message === waitingSaid) return;
      waitingSaid = message;
      const previous = ((warehouse.status?.["conditions"] ?? []) as { type?: string }[]).filter((c) => c.type !== "Reconciling");
      said = client
        .patchStatus("warehouses", namespace, name, {
          conditions: [...previous, condition("Reconciling", "True", "WaitingForRetryAfter", message, generation, now())],
        })
        .catch((error: unknown) => logger.warn({ err: error, warehouse: `${namespace}/${name}` }, "could not record a registry wait"));
    };
    try {
      await withRetryAfterReporter(sayWaiting, async () => {
        for (const subscription of subscriptions) found.push(await discoverSubscription(namespace, subscription, signal));
      });
    } catch (error) {
      await said;
      if (signal.aborted && signal.reason instanceof DOMException && signal.reason.name !== "TimeoutError") return;
      const { reason, message } = describeDiscoveryError(error);
      const failure = { count: (failures.get(key)?.count ?? 0) + 1, retryAt: 0 };
      const intervalMs = parseGoDuration(warehouse.spec?.interval ?? "") || DEFAULT_INTERVAL_MS;
      // A registry's Retry-After beyond what a request waits out is honoured here: no retry sooner.
      const askedMs = isRegistryError(error) ? (error.retryAfterMs ?? 0) : 0;
      failure.retryAt = now().getTime() + Math.max(Math.min(1000 * 2 ** (failure.count - 1), MAX_BACKOFF_MS, intervalMs), askedMs);
      failures.set(key, failure);
      logger.warn({ project: namespace, warehouse: name, reason, error: message, attempt: failure.count }, "discovery failed");
      await client.patchStatus("warehouses", namespace, name, {
        ...bookkeeping,
        conditions: conditions(["False", reason, message], ["False", reason, message]),
      });
      return;
    }
    failures.delete(key);
    // The discovery's own status (without Reconciling) must land after any wait it reported.
    await said;
    const status: Record<string, unknown> = {
      ...bookkeeping,
      discoveredArtifacts: {
        discoveredAt: rfc3339(now()),
        ...(found.some((f) => f.kind === "git") ? { git: found.filter((f) => f.kind === "git").map((f) => f.artifacts) } : {}),
        ...(found.some((f) => f.kind === "image") ? { images: found.filter((f) => f.kind === "image").map((f) => f.artifacts) } : {}),
        ...(found.some((f) => f.kind === "chart") ? { charts: found.filter((f) => f.kind === "chart").map((f) => f.artifacts) } : {}),
      },
    };
    const nothing = found.find((f) => f.newest === undefined);
    let madeFreight = false;
    const counted = `discovered ${found.map((f) => `${countOf(f)} ${f.kind === "git" ? "commits" : f.kind === "image" ? "images" : "chart versions"}`).join(", ")}`;
    const healthy: [string, string, string] = ["True", "DiscoverySucceeded", counted];
    if (nothing) {
      status.conditions = conditions(["False", "NoArtifactsMatch", nothing.empty], healthy);
    } else {
      status.conditions = conditions(["True", "ArtifactsDiscovered", counted], healthy);
      const candidate = {
        commits: found.flatMap((f) => (f.kind === "git" && f.newest ? [f.newest] : [])),
        images: found.flatMap((f) => (f.kind === "image" && f.newest ? [f.newest] : [])),
        charts: found.flatMap((f) => (f.kind === "chart" && f.newest ? [f.newest] : [])),
      };
      if ((warehouse.spec?.freightCreationPolicy ?? "Automatic") === "Automatic") {
        const criteria = warehouse.spec?.freightCreationCriteria?.expression;
        const verdict = freightCriteriaMet(criteria, candidate);
        if (verdict === true) {
          status.lastFreightID = await ensureFreight(client, warehouse, candidate, now(), logger);
          madeFreight = true;
        } else if (verdict !== false) status.conditions = conditions(["False", "InvalidFreightCreationCriteria", verdict], healthy);
      }
    }
    await client.patchStatus("warehouses", namespace, name, status);
    if (madeFreight) options.discovered?.();
  };

  // Warehouses a webhook asked to refresh while their discovery was running: run again after it.
  const pending = new Map<string, Warehouse>();

  const start = (warehouse: Warehouse, key: string) => {
    lastRun.set(key, now().getTime());
    const failure = failures.get(key);
    if (failure) failure.retryAt = Number.POSITIVE_INFINITY;
    const signal = AbortSignal.any([stopping.signal, AbortSignal.timeout(DISCOVERY_TIMEOUT_MS)]);
    const run = discover(warehouse, key, signal)
      .catch((error: unknown) => {
        // A Warehouse deleted meanwhile is not a problem; anything else is logged and retried.
        if (!isNotFound(error) && !signal.aborted) logger.warn({ err: error, warehouse: key }, "warehouse discovery failed");
      })
      .finally(() => {
        inFlight.delete(key);
        // The next pass sets the timer of this Warehouse's next interval or retry.
        options.wake?.(0);
        const again = pending.get(key);
        if (again && !stopping.signal.aborted) {
          pending.delete(key);
          start(again, key);
        }
      });
    inFlight.set(key, run);
  };

  return {
    async reconcile() {
      for (const warehouse of await client.list<Warehouse>("warehouses")) {
        const key = `${warehouse.metadata.namespace}/${warehouse.metadata.name}`;
        if (inFlight.has(key) || stopping.signal.aborted) continue;
        const refresh = warehouse.metadata.annotations?.[REFRESH_ANNOTATION];
        const status = warehouse.status ?? {};
        const intervalMs = parseGoDuration(warehouse.spec?.interval ?? "") || DEFAULT_INTERVAL_MS;
        const at = now().getTime();
        const retryAt = failures.get(key)?.retryAt;
        const due =
          status["observedGeneration"] !== warehouse.metadata["generation"] ||
          (refresh !== undefined && refresh !== status["lastHandledRefresh"]) ||
          (retryAt !== undefined && at >= retryAt) ||
          at - (lastRun.get(key) ?? 0) >= intervalMs;
        if (due) start(warehouse, key);
        else options.wake?.(Math.min(retryAt ?? Infinity, (lastRun.get(key) ?? 0) + intervalMs) - at);
      }
    },
    refresh(warehouses) {
      for (const warehouse of warehouses) {
        const key = `${warehouse.metadata.namespace}/${warehouse.metadata.name}`;
        if (stopping.signal.aborted) return;
        if (inFlight.has(key)) pending.set(key, warehouse);
        else start(warehouse, key);
      }
    },
    async stop() {
      stopping.abort();
      // A pending rerun starts only when its predecessor ends; wait until none is left.
      while (inFlight.size > 0) await Promise.all(inFlight.values());
    },
  };
}

function countOf(found: Found): number {
  const a = found.artifacts;
  return ((a["commits"] ?? a["references"] ?? a["versions"] ?? []) as unknown[]).length;
}

/** Creates the Freight of these artifacts unless it exists; returns its name. */
async function ensureFreight(
  client: KargoClient,
  warehouse: Warehouse,
  artifacts: Pick<Freight, "commits" | "images" | "charts">,
  now: Date,
  logger: ControllerLogger,
): Promise<string> {
  const namespace = warehouse.metadata.namespace ?? "";
  const origin = { kind: "Warehouse", name: warehouse.metadata.name ?? "" };
  const present = Object.fromEntries(Object.entries(artifacts).filter(([, list]) => (list as unknown[]).length > 0));
  const name = freightName({ origin, ...present });
  if (await client.get<Freight>("freights", namespace, name)) return name;
  try {
    await client.create("freights", namespace, {
      apiVersion: "kargo.akuity.io/v1alpha1",
      kind: "Freight",
      metadata: { name, namespace },
      origin,
      ...present,
      discoveredAt: now.toISOString(),
    });
    logger.info({ project: namespace, warehouse: origin.name, freight: name }, "discovered new freight");
  } catch (error) {
    // Created meanwhile by someone else (CreateFreight, another pass): the same content, so fine.
    if ((error as { code?: number }).code !== 409) throw error;
  }
  return name;
}

function condition(type: string, status: string, reason: string, message: string, generation: unknown, now: Date) {
  return {
    type,
    status,
    reason,
    message,
    lastTransitionTime: rfc3339(now),
    ...(typeof generation === "number" ? { observedGeneration: generation } : {}),
  };
}
