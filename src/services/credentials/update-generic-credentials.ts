import { create } from "@bufbuild/protobuf";
import type { HandlerContext } from "@connectrpc/connect";
import {
  UpdateGenericCredentialsResponseSchema,
  type UpdateGenericCredentialsRequest,
  type UpdateGenericCredentialsResponse,
} from "../../../gen/kargo/api/v1/credentials_service_pb.js";
import { RESOURCES } from "../../kube/index.js";
import { REDACTED } from "../../rbac/index.js";
import { requireDataKeys, requireField, resourceScope, sharedResourceAnnotationsPatch } from "../common/index.js";
import type { CredentialsDeps } from "./credentials-deps.js";
import { genericCredentialsMessage } from "./credentials-messages.js";
import { encodeValue, getCredentialsSecret } from "./credentials-secrets.js";

/**
 * CredentialsService.UpdateGenericCredentials (docs/api-behaviour.md, CredentialsService), as a merge patch:
 * - data, when non-empty, lists every key to keep: absent keys are deleted, keys with an empty
 *   value — or with the redaction marker, which is what a client that read them holds — keep
 *   their stored value, other values overwrite; empty data leaves the values alone (Kargo refused
 *   an update without data);
 * - description ("" removes it) and replicate, when set.
 * NOT_FOUND when missing or not generic credentials; ABORTED on a concurrent update.
 */
export function updateGenericCredentials(deps: CredentialsDeps) {
  return async function updateGenericCredentials(request: UpdateGenericCredentialsRequest, context: HandlerContext): Promise<UpdateGenericCredentialsResponse> {
    const scope = await resourceScope(deps, request);
    const name = requireField(request.name, "name");
    requireDataKeys(Object.keys(request.data));
    const secret = await getCredentialsSecret(deps.kube, "generic", scope, name, context.signal);

    const data: Record<string, string | null> = {};
    if (Object.keys(request.data).length > 0) {
      for (const key of Object.keys((secret["data"] ?? {}) as Record<string, string>)) {
        if (!(key in request.data)) data[key] = null;
      }
      for (const [key, value] of Object.entries(request.data)) {
        if (value !== "" && value !== REDACTED) data[key] = encodeValue(value);
      }
    }
    const annotations = sharedResourceAnnotationsPatch(request.description, request.replicate);

    const updated = await deps.kube.mergePatch(
      RESOURCES.secrets,
      { namespace: scope.namespace, name },
      { metadata: { annotations }, ...(Object.keys(data).length > 0 ? { data } : {}) },
      { signal: context.signal, resourceVersion: secret.metadata.resourceVersion },
    );
    return create(UpdateGenericCredentialsResponseSchema, { credentials: genericCredentialsMessage(updated, scope) });
  };
}
