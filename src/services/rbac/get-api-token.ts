import { create } from "@bufbuild/protobuf";
import type { HandlerContext } from "@connectrpc/connect";
import { RawFormat } from "../../../gen/kargo/api/v1/common_pb.js";
import { GetAPITokenResponseSchema, type GetAPITokenRequest, type GetAPITokenResponse } from "../../../gen/kargo/api/v1/rbac_service_pb.js";
import { rawObject, RESOURCES } from "../../kube/index.js";
import { requireField } from "../common/index.js";
import { redactTokenSecret } from "../credentials/credentials-messages.js";
import { apiTokenMessage, getApiTokenSecret } from "./api-token-secrets.js";
import type { RbacDeps } from "./rbac-deps.js";
import { roleScope } from "./role-namespace.js";

/**
 * RbacService.GetAPIToken (docs/api-behaviour.md, RbacService): the token, its value redacted; raw formats
 * give the Secret with every data value redacted but `namespace`. NOT_FOUND when missing or not
 * an API token (Kargo answered INVALID_ARGUMENT for the latter; to this API it does not exist).
 */
export function getAPIToken(deps: RbacDeps) {
  return async function getAPIToken(request: GetAPITokenRequest, context: HandlerContext): Promise<GetAPITokenResponse> {
    const scope = await roleScope(deps, request);
    const name = requireField(request.name, "name");
    const secret = await getApiTokenSecret(deps.kube, scope, name, false, context.signal);
    if (request.format === RawFormat.UNSPECIFIED) {
      return create(GetAPITokenResponseSchema, { result: { case: "token", value: apiTokenMessage(secret, scope, false) } });
    }
    return create(GetAPITokenResponseSchema, { result: { case: "raw", value: rawObject(RESOURCES.secrets, redactTokenSecret(secret), request.format) } });
  };
}
