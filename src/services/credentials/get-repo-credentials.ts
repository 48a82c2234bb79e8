import { create } from "@bufbuild/protobuf";
import type { HandlerContext } from "@connectrpc/connect";
import { RawFormat } from "../../../gen/kargo/api/v1/common_pb.js";
import {
  GetRepoCredentialsResponseSchema,
  type GetRepoCredentialsRequest,
  type GetRepoCredentialsResponse,
} from "../../../gen/kargo/api/v1/credentials_service_pb.js";
import { rawObject, RESOURCES } from "../../kube/index.js";
import type { CredentialsDeps } from "./credentials-deps.js";
import { redactRepoSecret, repoCredentialsMessage } from "./credentials-messages.js";
import { requestedCredentialsSecret } from "./credentials-secrets.js";

/**
 * CredentialsService.GetRepoCredentials (docs/api-behaviour.md, CredentialsService): redacted, typed or raw (the
 * Secret with `data` replaced by a redacted `stringData`). NOT_FOUND when missing or when the
 * Secret is not repository credentials.
 */
export function getRepoCredentials(deps: CredentialsDeps) {
  return async function getRepoCredentials(request: GetRepoCredentialsRequest, context: HandlerContext): Promise<GetRepoCredentialsResponse> {
    const { scope, secret } = await requestedCredentialsSecret(deps, "repo", request, context.signal);
    if (request.format === RawFormat.UNSPECIFIED) {
      return create(GetRepoCredentialsResponseSchema, { result: { case: "credentials", value: repoCredentialsMessage(secret, scope) } });
    }
    return create(GetRepoCredentialsResponseSchema, { result: { case: "raw", value: rawObject(RESOURCES.secrets, redactRepoSecret(secret), request.format) } });
  };
}
