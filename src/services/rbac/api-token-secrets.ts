import { create } from "@bufbuild/protobuf";
import { timestampFromDate } from "@bufbuild/protobuf/wkt";
import { Code, ConnectError } from "@connectrpc/connect";
import { ObjectMetaSchema } from "../../../gen/kargo/api/v1/metadata_pb.js";
import { APITokenSchema, type APIToken } from "../../../gen/kargo/api/v1/role_pb.js";
import { DESCRIPTION_ANNOTATION } from "../../domain/well-known-keys.js";
import { RESOURCES, type KubeClient, type KubeObject } from "../../kube/index.js";
import { API_TOKEN_LABEL, RBAC_MANAGED_ANNOTATION, REDACTED, SERVICE_ACCOUNT_NAME_ANNOTATION, SERVICE_ACCOUNT_TOKEN_TYPE } from "../../rbac/index.js";
import { secretValue } from "../credentials/redact-secret.js";
import type { RoleScope } from "./role-namespace.js";

/** Whether a Secret is a Kargo API token: a ServiceAccount token Secret with the api-token label. */
export function isApiTokenSecret(secret: KubeObject): boolean {
  return secret["type"] === SERVICE_ACCOUNT_TOKEN_TYPE && secret.metadata.labels?.[API_TOKEN_LABEL] === "true";
}

/** Whether Kargo created it (and so DeleteAPIToken may delete it): also managed and bound to a ServiceAccount. */
export function isManagedApiTokenSecret(secret: KubeObject): boolean {
  return (
    isApiTokenSecret(secret) &&
    secret.metadata.annotations?.[RBAC_MANAGED_ANNOTATION] === "true" &&
    (secret.metadata.annotations?.[SERVICE_ACCOUNT_NAME_ANNOTATION] ?? "") !== ""
  );
}

/** NOT_FOUND for an API token, in the scope's words. */
export function apiTokenNotFound(scope: RoleScope, name: string): ConnectError {
  return new ConnectError(`API token "${name}" not found in ${scope.noun} "${scope.namespace}"`, Code.NotFound);
}

/**
 * The Secret of an API token (uncached: Secrets are read only when needed, as Kargo does), or
 * NOT_FOUND when it is missing or not an API token (`managed` also requires Kargo to have made it).
 */
export async function getApiTokenSecret(kube: KubeClient, scope: RoleScope, name: string, managed: boolean, signal: AbortSignal): Promise<KubeObject> {
  const secret = await kube.get(RESOURCES.secrets, { namespace: scope.namespace, name }, { signal }).catch((error: unknown) => {
    if (error instanceof ConnectError && error.code === Code.NotFound) return undefined;
    throw error;
  });
  if (secret === undefined || !(managed ? isManagedApiTokenSecret(secret) : isApiTokenSecret(secret))) throw apiTokenNotFound(scope, name);
  return secret;
}

/** API token Secrets of a namespace (optionally of one role), sorted by name. */
export async function listApiTokenSecrets(kube: KubeClient, namespace: string, roleName: string | undefined, signal: AbortSignal): Promise<KubeObject[]> {
  const list = await kube.list(RESOURCES.secrets, { namespace, labelSelector: `${API_TOKEN_LABEL}=true`, signal });
  return list.items
    .filter(isApiTokenSecret)
    .filter((s) => roleName === undefined || s.metadata.annotations?.[SERVICE_ACCOUNT_NAME_ANNOTATION] === roleName)
    .sort((a, b) => (a.metadata.name! < b.metadata.name! ? -1 : a.metadata.name! > b.metadata.name! ? 1 : 0));
}

/** The bearer token a token Secret holds, if filled. Only for CreateAPIToken's answer and for revocation. */
export function tokenOf(secret: KubeObject): string | undefined {
  const token = secretValue(secret, "token");
  return token === "" ? undefined : token;
}

/** The APIToken message; the token is "*** REDACTED ***" unless `reveal` (CreateAPIToken only). */
export function apiTokenMessage(secret: KubeObject, scope: RoleScope, reveal: boolean): APIToken {
  const meta = secret.metadata;
  const description = meta.annotations?.[DESCRIPTION_ANNOTATION];
  return create(APITokenSchema, {
    metadata: create(ObjectMetaSchema, {
      name: meta.name ?? "",
      namespace: meta.namespace ?? "",
      uid: meta.uid ?? "",
      ...(meta.creationTimestamp ? { creationTimestamp: timestampFromDate(new Date(meta.creationTimestamp)) } : {}),
      annotations: description === undefined ? {} : { [DESCRIPTION_ANNOTATION]: description },
    }),
    roleName: meta.annotations?.[SERVICE_ACCOUNT_NAME_ANNOTATION] ?? "",
    systemLevel: scope.systemLevel,
    token: reveal ? (tokenOf(secret) ?? "") : REDACTED,
  });
}
