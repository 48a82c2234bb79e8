import { Code, ConnectError } from "@connectrpc/connect";
import type { KubeObject } from "../../kube/index.js";
import { SERVICE_ACCOUNT_TOKEN_TYPE } from "../../rbac/index.js";
import type { ManifestObject } from "./manifest-object.js";

/**
 * Refuses to replace a `kubernetes.io/service-account-token` Secret (an API token) through a
 * manifest — whether the manifest or the stored Secret says so. A replace without `data.token`
 * (every manifest a client can write, since no response shows the token) makes the token
 * controller mint a new token and the old one stops working: an update would silently revoke the
 * token and hand the new one to whoever can read the Secret. Tokens are made by CreateAPIToken (or
 * by creating the Secret) and revoked by deleting it; neither needs a replace.
 * FAILED_PRECONDITION: the request is well-formed and permitted, the object's kind forbids it.
 */
export function refuseTokenSecretChange(object: ManifestObject, stored?: KubeObject): void {
  if (object.type.group !== "" || object.type.kind !== "Secret") return;
  if (object.object["type"] !== SERVICE_ACCOUNT_TOKEN_TYPE && stored?.["type"] !== SERVICE_ACCOUNT_TOKEN_TYPE) return;
  throw new ConnectError(
    `Secret "${object.namespace}/${object.name}" is a ${SERVICE_ACCOUNT_TOKEN_TYPE} Secret: its token cannot be re-minted or changed through a manifest; ` +
      "delete it and create a new one (RbacService DeleteAPIToken and CreateAPIToken for API tokens)",
    Code.FailedPrecondition,
  );
}
