import type { ObjectStore } from "../store/types.js";
import { requireResourceType } from "../resources/resource-types.js";
import { SERVER_SERVICE_ACCOUNT } from "../bootstrap/builtin-objects.js";
import { API_AUDIENCE, type TokenAuthority } from "./token-authority.js";

const serviceAccounts = requireResourceType("", "serviceaccounts");

/**
 * Signs the API server's own token: a non-expiring ServiceAccount token for kargo/kargo-api
 * (bound to cluster-admin by a built-in ClusterRoleBinding). A fresh one is issued on every start
 * and written to the kubeconfig; it is revoked, like any ServiceAccount token, by deleting the
 * ServiceAccount, which the next start recreates.
 */
export async function issueServerToken(store: ObjectStore, tokens: TokenAuthority): Promise<string> {
  const account = store.get(serviceAccounts, SERVER_SERVICE_ACCOUNT.namespace, SERVER_SERVICE_ACCOUNT.name);
  if (!account) throw new Error("the API server's ServiceAccount is missing; ensureBuiltinObjects must run first");
  return tokens.issue({
    namespace: SERVER_SERVICE_ACCOUNT.namespace,
    serviceAccount: { name: SERVER_SERVICE_ACCOUNT.name, uid: account.metadata.uid! },
    audiences: [API_AUDIENCE],
  });
}
