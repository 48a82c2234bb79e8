import { create } from "@bufbuild/protobuf";
import { timestampFromDate } from "@bufbuild/protobuf/wkt";
import { GenericCredentialsSchema, RepoCredentialsSchema, type GenericCredentials, type RepoCredentials } from "../../../gen/kargo/api/v1/credentials_pb.js";
import { DESCRIPTION_ANNOTATION, REPLICATE_TO_ANNOTATION } from "../../domain/well-known-keys.js";
import type { KubeObject } from "../../kube/index.js";
import { REDACTED, SERVICE_ACCOUNT_NAME_ANNOTATION } from "../../rbac/index.js";
import { CRED_TYPE_LABEL, MANAGED_REPO_KEYS, PASSWORD_KEY, REPO_URL_IS_REGEX_KEY, REPO_URL_KEY, USERNAME_KEY } from "./credential-keys.js";
import type { ResourceScope } from "../common/index.js";
import { redactSecret, secretValue } from "./redact-secret.js";

function createTime(secret: KubeObject) {
  const at = secret.metadata.creationTimestamp;
  return at ? { createTime: timestampFromDate(new Date(at)) } : {};
}

/**
 * RepoCredentials of a Secret, redacted: the password is "*** REDACTED ***" (empty when none is
 * stored); keys controllers use (sshPrivateKey, githubApp*, aws*, gcp* …) are named in
 * `other_keys`, never shown.
 */
export function repoCredentialsMessage(secret: KubeObject, scope: ResourceScope): RepoCredentials {
  const data = (secret["data"] ?? {}) as Record<string, string>;
  return create(RepoCredentialsSchema, {
    project: scope.project,
    name: secret.metadata.name ?? "",
    type: secret.metadata.labels?.[CRED_TYPE_LABEL] ?? "",
    repoUrl: secretValue(secret, REPO_URL_KEY) ?? "",
    repoUrlIsRegex: secretValue(secret, REPO_URL_IS_REGEX_KEY) === "true",
    username: secretValue(secret, USERNAME_KEY) ?? "",
    password: data[PASSWORD_KEY] !== undefined ? REDACTED : "",
    description: secret.metadata.annotations?.[DESCRIPTION_ANNOTATION] ?? "",
    shared: scope.shared,
    ...createTime(secret),
    otherKeys: Object.keys(data)
      .filter((k) => !MANAGED_REPO_KEYS.includes(k))
      .sort(),
  });
}

/** GenericCredentials of a Secret: every value "*** REDACTED ***". */
export function genericCredentialsMessage(secret: KubeObject, scope: ResourceScope): GenericCredentials {
  const data = (secret["data"] ?? {}) as Record<string, string>;
  return create(GenericCredentialsSchema, {
    project: scope.project,
    name: secret.metadata.name ?? "",
    data: Object.fromEntries(Object.keys(data).map((k) => [k, REDACTED])),
    description: secret.metadata.annotations?.[DESCRIPTION_ANNOTATION] ?? "",
    systemLevel: scope.systemLevel,
    replicate: secret.metadata.annotations?.[REPLICATE_TO_ANNOTATION] === "*",
    shared: scope.shared,
    ...createTime(secret),
  });
}

/** The raw (JSON/YAML) form of repository credentials: repoURL, its regex flag and username in clear. */
export function redactRepoSecret(secret: KubeObject): KubeObject {
  return redactSecret(secret, { clearKeys: [REPO_URL_KEY, REPO_URL_IS_REGEX_KEY, USERNAME_KEY] });
}

/** The raw form of generic credentials: every value redacted. */
export function redactGenericSecret(secret: KubeObject): KubeObject {
  return redactSecret(secret, { clearAnnotations: [REPLICATE_TO_ANNOTATION] });
}

/** The raw form of a ServiceAccount token Secret (an API token): only `namespace` and the ServiceAccount annotations in clear. */
export function redactTokenSecret(secret: KubeObject): KubeObject {
  return redactSecret(secret, { clearKeys: ["namespace"], clearAnnotations: [SERVICE_ACCOUNT_NAME_ANNOTATION, "kubernetes.io/service-account.uid"] });
}
