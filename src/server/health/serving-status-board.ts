import { HealthCheckResponse_ServingStatus as ServingStatus } from "../../../gen/grpc/health/v1/health_pb.js";

/**
 * The serving status of the server ("") and of each service it serves, as
 * reported by grpc.health.v1.Health. Starts NOT_SERVING; the server sets
 * SERVING when it listens and NOT_SERVING when it shuts down. Watchers are
 * told about every change.
 */
export class ServingStatusBoard {
  private readonly statuses = new Map<string, ServingStatus>();
  private readonly listeners = new Set<() => void>();

  constructor(serviceNames: readonly string[]) {
    for (const name of ["", ...serviceNames]) {
      this.statuses.set(name, ServingStatus.NOT_SERVING);
    }
  }

  /** The status of a service, or undefined when the service is unknown. */
  get(service: string): ServingStatus | undefined {
    return this.statuses.get(service);
  }

  /** Sets the status of the server and every service. */
  setAll(status: ServingStatus): void {
    for (const name of this.statuses.keys()) {
      this.statuses.set(name, status);
    }
    for (const listener of [...this.listeners]) {
      listener();
    }
  }

  /**
   * The status of a service now and after each change (SERVICE_UNKNOWN for
   * an unknown one), deduplicated, until the signal aborts.
   */
  async *watch(service: string, signal: AbortSignal): AsyncIterable<ServingStatus> {
    let last: ServingStatus | undefined;
    let wake: (() => void) | undefined;
    const listener = () => wake?.();
    this.listeners.add(listener);
    const onAbort = () => wake?.();
    signal.addEventListener("abort", onAbort);
    try {
      while (!signal.aborted) {
        const now = this.get(service) ?? ServingStatus.SERVICE_UNKNOWN;
        if (now !== last) {
          last = now;
          yield now;
          continue;
        }
        await new Promise<void>((resolve) => (wake = resolve));
        wake = undefined;
      }
    } finally {
      this.listeners.delete(listener);
      signal.removeEventListener("abort", onAbort);
    }
  }
}

export { ServingStatus };
