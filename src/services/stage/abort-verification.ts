import { create } from "@bufbuild/protobuf";
import type { HandlerContext } from "@connectrpc/connect";
import type { AbortVerificationRequest, AbortVerificationResponse } from "../../../gen/kargo/api/v1/stage_service_pb.js";
import { AbortVerificationResponseSchema } from "../../../gen/kargo/api/v1/stage_service_pb.js";
import { actorFor } from "../../auth/actor-for.js";
import { identityKey } from "../../auth/identity-context.js";
import { ABORT_ANNOTATION } from "../../domain/well-known-keys.js";
import { RESOURCES } from "../../kube/index.js";
import { getForWrite, requireField, requireProject } from "../common/index.js";
import type { ServiceDeps } from "../create-services.js";
import { TERMINAL_VERIFICATION_PHASES, currentVerification } from "./current-verification.js";

/**
 * StageService.AbortVerification (docs/api-behaviour.md, StageService): merge-patches `kargo.akuity.io/abort` =
 * `{"id": <current verification id>, "actor": <caller>}`; a no-op when that verification already
 * finished (terminal phase). NOT_FOUND when the Stage is missing; FAILED_PRECONDITION when there
 * is no current Freight or verification (Kargo: INTERNAL).
 */
export function abortVerification(deps: Pick<ServiceDeps, "caches" | "kube">) {
  return async function abortVerification(req: AbortVerificationRequest, context: HandlerContext): Promise<AbortVerificationResponse> {
    const project = await requireProject(deps, req.project);
    const name = requireField(req.stage, "stage");
    const stage = await getForWrite(deps, RESOURCES.stages, project, name, context.signal);
    const { id, phase } = currentVerification(stage, project);
    if (TERMINAL_VERIFICATION_PHASES.has(phase)) return create(AbortVerificationResponseSchema, {});
    const value = JSON.stringify({ id, actor: actorFor(context.values.get(identityKey)) });
    await deps.kube.mergePatch(
      RESOURCES.stages,
      { namespace: project, name },
      { metadata: { annotations: { [ABORT_ANNOTATION]: value } } },
      { signal: context.signal },
    );
    return create(AbortVerificationResponseSchema, {});
  };
}
