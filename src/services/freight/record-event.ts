import type { Logger } from "pino";
import { RESOURCES, type KubeCaches, type KubeClient, type KubeObject } from "../../kube/index.js";

/** What handlers that record Kargo Events need. */
export interface RecordEventDeps {
  readonly caches: KubeCaches;
  readonly kube: KubeClient;
  readonly logger: Logger;
}

/**
 * Writes a Kubernetes Event (built by domain kargoEvent) into its project, best effort: the RPC
 * already did what it was asked, so a failed Event write is logged, never returned to the caller
 * (Kargo's event recorder drops failures the same way).
 */
export async function recordEvent(deps: RecordEventDeps, event: KubeObject): Promise<void> {
  try {
    await deps.kube.create(RESOURCES.events, event);
  } catch (error) {
    deps.logger.warn({ err: error, reason: event["reason"], namespace: event.metadata.namespace }, "recording event failed");
  }
}
