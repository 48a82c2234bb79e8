import { Code, ConnectError } from "@connectrpc/connect";
import type { KubeObject } from "../../kube/index.js";

export { TERMINAL_VERIFICATION_PHASES } from "../../domain/verification-phases.js";

/** The newest verification of a Stage's current Freight. */
export interface CurrentVerification {
  id: string;
  phase: string;
}

interface StageStatusShape {
  freightHistory?: { items?: Record<string, unknown>; verificationHistory?: { id?: string; phase?: string }[] }[];
}

/**
 * The verification Reverify and AbortVerification act on: the newest entry of the
 * current Freight collection's (`status.freightHistory[0]`) verification history. Kargo answered
 * INTERNAL for each failure; here each is FAILED_PRECONDITION naming the Stage: no current
 * Freight, no verification configured (`spec.verification`), none run yet, or one without an ID.
 */
export function currentVerification(stage: KubeObject, project: string): CurrentVerification {
  const where = `stage "${stage.metadata.name ?? ""}" in project "${project}"`;
  const current = (stage["status"] as StageStatusShape | undefined)?.freightHistory?.[0];
  if (current === undefined || Object.keys(current.items ?? {}).length === 0) {
    throw new ConnectError(`${where} has no current freight`, Code.FailedPrecondition);
  }
  if ((stage["spec"] as { verification?: unknown } | undefined)?.verification === undefined) {
    throw new ConnectError(`${where} has no verification configured`, Code.FailedPrecondition);
  }
  const verification = current.verificationHistory?.[0];
  if (verification === undefined) {
    throw new ConnectError(`${where} has no verification of its current freight yet`, Code.FailedPrecondition);
  }
  if (!verification.id) {
    throw new ConnectError(`${where}: its current verification has no ID yet`, Code.FailedPrecondition);
  }
  return { id: verification.id, phase: verification.phase ?? "" };
}
