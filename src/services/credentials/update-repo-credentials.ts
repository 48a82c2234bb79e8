import { create } from "@bufbuild/protobuf";
import type { HandlerContext } from "@connectrpc/connect";
import {
  UpdateRepoCredentialsResponseSchema,
  type UpdateRepoCredentialsRequest,
  type UpdateRepoCredentialsResponse,
} from "../../../gen/kargo/api/v1/credentials_service_pb.js";
import { DESCRIPTION_ANNOTATION } from "../../domain/well-known-keys.js";
import { RESOURCES } from "../../kube/index.js";
import { REDACTED } from "../../rbac/index.js";
import { requireField, resourceScope } from "../common/index.js";
import { CRED_TYPE_LABEL, PASSWORD_KEY, REPO_URL_IS_REGEX_KEY, REPO_URL_KEY, USERNAME_KEY } from "./credential-keys.js";
import type { CredentialsDeps } from "./credentials-deps.js";
import { repoCredentialsMessage } from "./credentials-messages.js";
import { encodeValue, getCredentialsSecret } from "./credentials-secrets.js";
import { secretValue } from "./redact-secret.js";
import { requireRepoType, requireValidPattern } from "./repo-credentials-input.js";

/**
 * CredentialsService.UpdateRepoCredentials: a merge patch of the fields the request sets; the
 * rest of the Secret — other fields, and the keys controllers read (sshPrivateKey, githubApp*,
 * aws*, gcp* …) — is kept. Kargo's Connect update replaced `data` wholesale, destroying those keys
 * and overwriting the password with an empty one; we do not.
 * - type: validated (Kargo did not on update); repo_url, username: non-empty when set;
 * - password: replaced only when set, non-empty and not the redaction marker (a round-trip of a
 *   read keeps it);
 * - repo_url_is_regex: false removes the key; the resulting pattern must compile;
 * - description: "" removes it.
 * The patch carries the resourceVersion read, so a concurrent update is ABORTED, not lost.
 */
export function updateRepoCredentials(deps: CredentialsDeps) {
  return async function updateRepoCredentials(request: UpdateRepoCredentialsRequest, context: HandlerContext): Promise<UpdateRepoCredentialsResponse> {
    const scope = await resourceScope(deps, request);
    const name = requireField(request.name, "name");
    const type = request.type === undefined ? undefined : requireRepoType(request.type);
    const repoUrl = request.repoUrl === undefined ? undefined : requireField(request.repoUrl, "repo_url");
    const username = request.username === undefined ? undefined : requireField(request.username, "username");
    const secret = await getCredentialsSecret(deps.kube, "repo", scope, name, context.signal);

    const isRegex = request.repoUrlIsRegex ?? secretValue(secret, REPO_URL_IS_REGEX_KEY) === "true";
    requireValidPattern(repoUrl ?? secretValue(secret, REPO_URL_KEY) ?? "", isRegex);

    const data: Record<string, string | null> = {};
    if (repoUrl !== undefined) data[REPO_URL_KEY] = encodeValue(repoUrl);
    if (username !== undefined) data[USERNAME_KEY] = encodeValue(username);
    // Empty, or the marker a client that read the credentials holds: keep the stored password.
    if (request.password !== undefined && request.password !== "" && request.password !== REDACTED) data[PASSWORD_KEY] = encodeValue(request.password);
    if (request.repoUrlIsRegex !== undefined) data[REPO_URL_IS_REGEX_KEY] = request.repoUrlIsRegex ? encodeValue("true") : null;
    const metadata: Record<string, unknown> = {};
    if (type !== undefined) metadata["labels"] = { [CRED_TYPE_LABEL]: type };
    if (request.description !== undefined)
      metadata["annotations"] = { [DESCRIPTION_ANNOTATION]: request.description.trim() === "" ? null : request.description.trim() };

    const updated = await deps.kube.mergePatch(
      RESOURCES.secrets,
      { namespace: scope.namespace, name },
      { metadata, ...(Object.keys(data).length > 0 ? { data } : {}) },
      { signal: context.signal, resourceVersion: secret.metadata.resourceVersion },
    );
    return create(UpdateRepoCredentialsResponseSchema, { credentials: repoCredentialsMessage(updated, scope) });
  };
}
