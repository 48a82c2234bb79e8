import { Code, ConnectError } from "@connectrpc/connect";
import { RESOURCES, type KubeClient, type KubeObject } from "../../kube/index.js";
import { CRED_TYPE_LABEL, GENERIC_CREDENTIAL_TYPE, REPO_CREDENTIAL_TYPES } from "./credential-keys.js";
import { describeScope, pageOf, requireField, resourceScope, type PagingRequest, type ResourceScope } from "../common/index.js";
import type { CredentialsDeps } from "./credentials-deps.js";

/** Which credentials an RPC is about. */
export type CredentialsKind = "repo" | "generic";

/** Whether a Secret is credentials of that kind (its cred-type label). */
export function isCredentials(secret: KubeObject, kind: CredentialsKind): boolean {
  const type = secret.metadata.labels?.[CRED_TYPE_LABEL];
  return kind === "generic" ? type === GENERIC_CREDENTIAL_TYPE : (REPO_CREDENTIAL_TYPES as readonly (string | undefined)[]).includes(type);
}

function noun(kind: CredentialsKind): string {
  return kind === "repo" ? "repository credentials" : "generic credentials";
}

/** NOT_FOUND naming the credentials and where. */
export function credentialsNotFound(kind: CredentialsKind, scope: ResourceScope, name: string): ConnectError {
  return new ConnectError(`${noun(kind)} "${name}" not found ${describeScope(scope)}`, Code.NotFound);
}

/**
 * The Secret of credentials, or NOT_FOUND — also when a Secret of that name exists but is not
 * credentials of this kind: to these RPCs other Secrets do not exist (Kargo accepted any
 * cred-type value on Get, so generic credentials read as repository ones).
 */
export async function getCredentialsSecret(
  kube: KubeClient,
  kind: CredentialsKind,
  scope: ResourceScope,
  name: string,
  signal: AbortSignal,
): Promise<KubeObject> {
  const secret = await kube.get(RESOURCES.secrets, { namespace: scope.namespace, name }, { signal }).catch((error: unknown) => {
    if (error instanceof ConnectError && error.code === Code.NotFound) return undefined;
    throw error;
  });
  if (secret === undefined || !isCredentials(secret, kind)) throw credentialsNotFound(kind, scope, name);
  return secret;
}

/**
 * The scope and the Secret a Get or Delete request names (project or system level, `name`):
 * INVALID_ARGUMENT without a name, NOT_FOUND as {@link getCredentialsSecret}.
 */
export async function requestedCredentialsSecret(
  deps: CredentialsDeps,
  kind: CredentialsKind,
  request: { project: string; systemLevel?: boolean; name: string },
  signal: AbortSignal,
): Promise<{ scope: ResourceScope; secret: KubeObject }> {
  const scope = await resourceScope(deps, request);
  const name = requireField(request.name, "name");
  return { scope, secret: await getCredentialsSecret(deps.kube, kind, scope, name, signal) };
}

/**
 * The page of credentials Secrets a List request asks for (project or system level, paging),
 * sorted by name, with the scope they were read from.
 */
export async function requestedCredentialsPage(
  deps: CredentialsDeps,
  kind: CredentialsKind,
  request: { project: string; systemLevel?: boolean } & PagingRequest,
  signal: AbortSignal,
): Promise<{ scope: ResourceScope; items: KubeObject[]; nextPageToken: string; totalSize: number }> {
  const scope = await resourceScope(deps, request);
  const selector = kind === "generic" ? `${CRED_TYPE_LABEL}=${GENERIC_CREDENTIAL_TYPE}` : `${CRED_TYPE_LABEL} in (${REPO_CREDENTIAL_TYPES.join(",")})`;
  const list = await deps.kube.list(RESOURCES.secrets, { namespace: scope.namespace, labelSelector: selector, signal });
  const secrets = list.items
    .filter((s) => isCredentials(s, kind))
    .sort((a, b) => (a.metadata.name! < b.metadata.name! ? -1 : a.metadata.name! > b.metadata.name! ? 1 : 0));
  return { scope, ...pageOf(secrets, request, { namespace: scope.namespace }) };
}

/** Deletes a credentials Secret, precondition on its uid so a Secret recreated meanwhile is not removed. */
export async function deleteCredentialsSecret(
  kube: KubeClient,
  kind: CredentialsKind,
  scope: ResourceScope,
  secret: KubeObject,
  signal: AbortSignal,
): Promise<void> {
  const name = secret.metadata.name!;
  await kube
    .delete(RESOURCES.secrets, { namespace: scope.namespace, name }, { signal, preconditions: { uid: secret.metadata.uid! } })
    .catch((error: unknown) => {
      if (error instanceof ConnectError && error.code === Code.NotFound) throw credentialsNotFound(kind, scope, name);
      throw error;
    });
}

/** Base64 of a UTF-8 value, for Secret `data`. */
export function encodeValue(value: string): string {
  return Buffer.from(value, "utf8").toString("base64");
}
