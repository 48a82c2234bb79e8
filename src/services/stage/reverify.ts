import { create } from "@bufbuild/protobuf";
import type { HandlerContext } from "@connectrpc/connect";
import type { ReverifyRequest, ReverifyResponse } from "../../../gen/kargo/api/v1/stage_service_pb.js";
import { ReverifyResponseSchema } from "../../../gen/kargo/api/v1/stage_service_pb.js";
import { actorFor } from "../../auth/actor-for.js";
import { identityKey } from "../../auth/identity-context.js";
import { REVERIFY_ANNOTATION } from "../../domain/well-known-keys.js";
import { RESOURCES } from "../../kube/index.js";
import { getForWrite, requireField, requireProject } from "../common/index.js";
import type { ServiceDeps } from "../create-services.js";
import { currentVerification } from "./current-verification.js";

/**
 * StageService.Reverify (docs/api-behaviour.md, StageService): merge-patches `kargo.akuity.io/reverify` =
 * `{"id": <current verification id>, "actor": <caller>}` on the Stage. NOT_FOUND when the Stage
 * is missing; FAILED_PRECONDITION when there is no current Freight or verification (Kargo: INTERNAL).
 */
export function reverify(deps: Pick<ServiceDeps, "caches" | "kube">) {
  return async function reverify(req: ReverifyRequest, context: HandlerContext): Promise<ReverifyResponse> {
    const project = await requireProject(deps, req.project);
    const name = requireField(req.stage, "stage");
    const stage = await getForWrite(deps, RESOURCES.stages, project, name, context.signal);
    const { id } = currentVerification(stage, project);
    const value = JSON.stringify({ id, actor: actorFor(context.values.get(identityKey)) });
    await deps.kube.mergePatch(
      RESOURCES.stages,
      { namespace: project, name },
      { metadata: { annotations: { [REVERIFY_ANNOTATION]: value } } },
      { signal: context.signal },
    );
    return create(ReverifyResponseSchema, {});
  };
}
