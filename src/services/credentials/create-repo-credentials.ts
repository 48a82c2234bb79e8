import { create } from "@bufbuild/protobuf";
import type { HandlerContext } from "@connectrpc/connect";
import {
  CreateRepoCredentialsResponseSchema,
  type CreateRepoCredentialsRequest,
  type CreateRepoCredentialsResponse,
} from "../../../gen/kargo/api/v1/credentials_service_pb.js";
import { DESCRIPTION_ANNOTATION } from "../../domain/well-known-keys.js";
import { RESOURCES } from "../../kube/index.js";
import { requireField, resourceScope } from "../common/index.js";
import { CRED_TYPE_LABEL, PASSWORD_KEY, REPO_URL_IS_REGEX_KEY, REPO_URL_KEY, USERNAME_KEY } from "./credential-keys.js";
import type { CredentialsDeps } from "./credentials-deps.js";
import { repoCredentialsMessage } from "./credentials-messages.js";
import { encodeValue } from "./credentials-secrets.js";
import { requireRepoType, requireValidPattern } from "./repo-credentials-input.js";

/**
 * CredentialsService.CreateRepoCredentials (docs/api-behaviour.md, CredentialsService): a Secret labelled with the
 * cred-type, data repoURL/username/password (and repoURLIsRegex "true" for a pattern), in the
 * project or the shared namespace. Every field is required (INVALID_ARGUMENT naming it); a regex
 * must compile; ALREADY_EXISTS when the name is taken. The answer is redacted.
 */
export function createRepoCredentials(deps: CredentialsDeps) {
  return async function createRepoCredentials(request: CreateRepoCredentialsRequest, context: HandlerContext): Promise<CreateRepoCredentialsResponse> {
    const scope = await resourceScope(deps, request);
    const name = requireField(request.name, "name");
    const type = requireRepoType(requireField(request.type, "type"));
    const repoUrl = requireField(request.repoUrl, "repo_url");
    requireValidPattern(repoUrl, request.repoUrlIsRegex);
    const username = requireField(request.username, "username");
    // Not trimmed: a password is whatever the user typed. Only emptiness is checked.
    if (request.password === "") requireField("", "password");
    const description = request.description.trim();

    const created = await deps.kube.create(
      RESOURCES.secrets,
      {
        metadata: {
          namespace: scope.namespace,
          name,
          labels: { [CRED_TYPE_LABEL]: type },
          ...(description ? { annotations: { [DESCRIPTION_ANNOTATION]: description } } : {}),
        },
        type: "Opaque",
        data: {
          [REPO_URL_KEY]: encodeValue(repoUrl),
          [USERNAME_KEY]: encodeValue(username),
          [PASSWORD_KEY]: encodeValue(request.password),
          ...(request.repoUrlIsRegex ? { [REPO_URL_IS_REGEX_KEY]: encodeValue("true") } : {}),
        },
      },
      { signal: context.signal },
    );
    return create(CreateRepoCredentialsResponseSchema, { credentials: repoCredentialsMessage(created, scope) });
  };
}
