import { hostname } from "node:os";
import type { KubeConfig } from "@kubernetes/client-node";
import { CONTROLLER_LABEL, heartbeatLeaseName, microTime } from "../../../domain/controller-heartbeat.js";
import { KINDS } from "../../../domain/kind-catalogue.js";
import { resourcePath } from "../../../kube/kargo-resources.js";
import { kubeRequest } from "../../../kube/kube-request.js";
import type { ControllerLogger } from "../controller-logger.js";

/** Options of startHeartbeat. */
export interface HeartbeatOptions {
  readonly kubeConfig: KubeConfig;
  /** Namespace of the Lease: the Kargo namespace, where Kargo's controllers keep theirs. */
  readonly namespace: string;
  /** Controller name ("" for the unnamed, default controller — the embedded controllers are that one). */
  readonly controller: string;
  /** Lease duration; renewed every third of it, as Kargo's controllers do. */
  readonly leaseDurationMs: number;
  readonly logger: ControllerLogger;
}

/** A running heartbeat. */
export interface Heartbeat {
  /** Resolves after the first renewal attempt. */
  readonly started: Promise<void>;
  /** Stops renewing and deletes the Lease (Kargo's controllers do the same on shutdown). */
  stop(): Promise<void>;
}

/**
 * Kargo's controller liveness for the embedded controllers: a coordination.k8s.io/v1 Lease
 * `kargo-controller-<name>` labelled `kargo.akuity.io/controller: <name>` in the Kargo namespace,
 * with `leaseDurationSeconds` and `renewTime` renewed every third of the duration (so one missed
 * renewal does not make the controller look dead). Written through the Kubernetes API like any
 * client's write, so the API server reads it from its Lease cache in both modes.
 */
export function startHeartbeat(options: HeartbeatOptions): Heartbeat {
  const leases = KINDS.leases;
  const name = heartbeatLeaseName(options.controller);
  const durationSeconds = Math.max(1, Math.round(options.leaseDurationMs / 1000));
  const holder = hostname() || "kargo-api";
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;

  const renew = async () => {
    const now = microTime(new Date());
    const spec = { holderIdentity: holder, leaseDurationSeconds: durationSeconds, renewTime: now };
    const metadata = { name, namespace: options.namespace, labels: { [CONTROLLER_LABEL]: options.controller } };
    try {
      await kubeRequest(options.kubeConfig, {
        method: "PATCH",
        path: resourcePath(leases, options.namespace, name),
        body: { metadata, spec },
        contentType: "application/merge-patch+json",
      });
    } catch (error) {
      if ((error as { code?: unknown }).code !== 404) throw error;
      await kubeRequest(options.kubeConfig, {
        method: "POST",
        path: resourcePath(leases, options.namespace),
        body: { apiVersion: "coordination.k8s.io/v1", kind: "Lease", metadata, spec: { ...spec, acquireTime: now } },
      });
    }
  };
  const tick = async () => {
    if (stopped) return;
    try {
      await renew();
    } catch (error) {
      options.logger.warn({ err: error, lease: name }, "controller heartbeat failed; retrying");
    }
    if (!stopped) {
      timer = setTimeout(() => (inFlight = tick()), Math.max(10, Math.floor(options.leaseDurationMs / 3)));
      timer.unref();
    }
  };
  const started = tick();
  let inFlight = started;
  return {
    started,
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await inFlight;
      await kubeRequest(options.kubeConfig, { method: "DELETE", path: resourcePath(leases, options.namespace, name) }).catch((error: unknown) => {
        if ((error as { code?: unknown }).code !== 404) options.logger.warn({ err: error, lease: name }, "cannot delete the controller heartbeat");
      });
    },
  };
}
