import { create } from "@bufbuild/protobuf";
import { Code, ConnectError, type HandlerContext } from "@connectrpc/connect";
import {
  CreateGenericCredentialsResponseSchema,
  type CreateGenericCredentialsRequest,
  type CreateGenericCredentialsResponse,
} from "../../../gen/kargo/api/v1/credentials_service_pb.js";
import { RESOURCES } from "../../kube/index.js";
import { requireDataKeys, requireField, resourceScope, sharedResourceAnnotations } from "../common/index.js";
import { CRED_TYPE_LABEL, GENERIC_CREDENTIAL_TYPE } from "./credential-keys.js";
import type { CredentialsDeps } from "./credentials-deps.js";
import { genericCredentialsMessage } from "./credentials-messages.js";
import { encodeValue } from "./credentials-secrets.js";

/**
 * CredentialsService.CreateGenericCredentials (docs/api-behaviour.md, CredentialsService): a Secret labelled
 * `cred-type: generic` in the system-resources namespace (system_level), the project, or the
 * shared namespace, with the description and `replicate-to: "*"` (replicate) annotations.
 * INVALID_ARGUMENT when name or data is empty or a key is not a valid Secret key (`data["<key>"]`);
 * ALREADY_EXISTS when the name is taken. The answer is redacted.
 */
export function createGenericCredentials(deps: CredentialsDeps) {
  return async function createGenericCredentials(request: CreateGenericCredentialsRequest, context: HandlerContext): Promise<CreateGenericCredentialsResponse> {
    const scope = await resourceScope(deps, request);
    const name = requireField(request.name, "name");
    if (Object.keys(request.data).length === 0) throw new ConnectError("data should not be empty", Code.InvalidArgument);
    requireDataKeys(Object.keys(request.data));
    const annotations = sharedResourceAnnotations(request.description, request.replicate);
    const created = await deps.kube.create(
      RESOURCES.secrets,
      {
        metadata: {
          namespace: scope.namespace,
          name,
          labels: { [CRED_TYPE_LABEL]: GENERIC_CREDENTIAL_TYPE },
          ...(Object.keys(annotations).length > 0 ? { annotations } : {}),
        },
        type: "Opaque",
        data: Object.fromEntries(Object.entries(request.data).map(([k, v]) => [k, encodeValue(v)])),
      },
      { signal: context.signal },
    );
    return create(CreateGenericCredentialsResponseSchema, { credentials: genericCredentialsMessage(created, scope) });
  };
}
