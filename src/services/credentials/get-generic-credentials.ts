import { create } from "@bufbuild/protobuf";
import type { HandlerContext } from "@connectrpc/connect";
import { RawFormat } from "../../../gen/kargo/api/v1/common_pb.js";
import {
  GetGenericCredentialsResponseSchema,
  type GetGenericCredentialsRequest,
  type GetGenericCredentialsResponse,
} from "../../../gen/kargo/api/v1/credentials_service_pb.js";
import { rawObject, RESOURCES } from "../../kube/index.js";
import type { CredentialsDeps } from "./credentials-deps.js";
import { genericCredentialsMessage, redactGenericSecret } from "./credentials-messages.js";
import { requestedCredentialsSecret } from "./credentials-secrets.js";

/**
 * CredentialsService.GetGenericCredentials (docs/api-behaviour.md, CredentialsService): every value redacted, typed
 * or raw. NOT_FOUND when missing or not generic credentials.
 */
export function getGenericCredentials(deps: CredentialsDeps) {
  return async function getGenericCredentials(request: GetGenericCredentialsRequest, context: HandlerContext): Promise<GetGenericCredentialsResponse> {
    const { scope, secret } = await requestedCredentialsSecret(deps, "generic", request, context.signal);
    if (request.format === RawFormat.UNSPECIFIED) {
      return create(GetGenericCredentialsResponseSchema, { result: { case: "credentials", value: genericCredentialsMessage(secret, scope) } });
    }
    return create(GetGenericCredentialsResponseSchema, {
      result: { case: "raw", value: rawObject(RESOURCES.secrets, redactGenericSecret(secret), request.format) },
    });
  };
}
