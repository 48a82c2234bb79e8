/** Label naming the controller a heartbeat Lease belongs to ("" for the unnamed, default controller). */
export const CONTROLLER_LABEL = "kargo.akuity.io/controller";

/** Kargo's heartbeat Lease name for a controller: `kargo-controller-<name>`, `kargo-controller-unnamed` for "". */
export function heartbeatLeaseName(controller: string): string {
  return `kargo-controller-${controller === "" ? "unnamed" : controller}`;
}

/** What a heartbeat Lease says about its controller at `now` (Kargo's rule). */
export interface ControllerLiveness {
  readonly controller: string;
  /** Alive while the last renewal is younger than the lease duration. */
  readonly alive: boolean;
  /** The last renewal; undefined when the Lease has none (or an unreadable one). */
  readonly renewedAt: Date | undefined;
  readonly leaseDurationSeconds: number | undefined;
}

/** A heartbeat Lease (`spec.renewTime`, `spec.leaseDurationSeconds`) read as Kargo's API server reads it. */
export function livenessOf(lease: { metadata: { labels?: Readonly<Record<string, string>> }; spec?: unknown }, now: Date): ControllerLiveness {
  const spec = (lease.spec ?? {}) as { renewTime?: unknown; leaseDurationSeconds?: unknown };
  const controller = lease.metadata.labels?.[CONTROLLER_LABEL] ?? "";
  const parsed = typeof spec.renewTime === "string" ? new Date(spec.renewTime) : undefined;
  const renewedAt = parsed && !Number.isNaN(parsed.getTime()) ? parsed : undefined;
  const duration = typeof spec.leaseDurationSeconds === "number" ? spec.leaseDurationSeconds : undefined;
  const alive = renewedAt !== undefined && duration !== undefined && now.getTime() - renewedAt.getTime() < duration * 1000;
  return { controller, alive, renewedAt, leaseDurationSeconds: duration };
}

/** Kubernetes MicroTime: RFC 3339 with exactly six fractional digits, as the API server parses it. */
export function microTime(date: Date): string {
  return date.toISOString().replace(/\.(\d{3})Z$/u, ".$1000Z");
}
