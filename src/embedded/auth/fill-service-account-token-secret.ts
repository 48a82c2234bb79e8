import { generateName } from "../store/generate-name.js";
import type { KubeObject, ObjectStore } from "../store/types.js";
import { requireResourceType } from "../resources/resource-types.js";
import { API_AUDIENCE, type TokenAuthority } from "./token-authority.js";
import { SERVICE_ACCOUNT_TOKEN_SECRET_TYPE } from "./review-token.js";

/** Annotation naming the ServiceAccount of a token Secret (Kubernetes' `kubernetes.io/service-account.name`). */
export const SERVICE_ACCOUNT_NAME_ANNOTATION = "kubernetes.io/service-account.name";
/** Annotation the token controller sets to the ServiceAccount's uid. */
export const SERVICE_ACCOUNT_UID_ANNOTATION = "kubernetes.io/service-account.uid";

const serviceAccounts = requireResourceType("", "serviceaccounts");

/**
 * What Kubernetes' token controller does for a `kubernetes.io/service-account-token` Secret, done
 * synchronously before the Secret is stored so the client sees the token in the create response:
 * when `data.token` is empty and the annotated ServiceAccount exists, sign a non-expiring token
 * tied to this Secret's name and fill `data.token` and `data.namespace` (base64) and the uid
 * annotation. A Secret whose ServiceAccount does not exist yet is stored without a token and filled
 * on its next write. The name is resolved from generateName here, because the token names it.
 */
export async function fillServiceAccountTokenSecret(store: ObjectStore, tokens: TokenAuthority, secret: KubeObject): Promise<void> {
  if (secret["type"] !== SERVICE_ACCOUNT_TOKEN_SECRET_TYPE) return;
  const data = (secret["data"] ?? {}) as Record<string, string>;
  if (data["token"]) return;
  const meta = secret.metadata;
  const accountName = meta.annotations?.[SERVICE_ACCOUNT_NAME_ANNOTATION];
  const namespace = meta.namespace!;
  const account = accountName ? store.get(serviceAccounts, namespace, accountName) : undefined;
  if (!account) return;
  if (!meta.name) meta.name = generateName(meta.generateName ?? "");
  const token = await tokens.issue({
    namespace,
    serviceAccount: { name: accountName!, uid: account.metadata.uid! },
    secret: { name: meta.name },
    audiences: [API_AUDIENCE],
  });
  meta.annotations = { ...meta.annotations, [SERVICE_ACCOUNT_UID_ANNOTATION]: account.metadata.uid! };
  secret["data"] = {
    ...data,
    token: Buffer.from(token).toString("base64"),
    namespace: Buffer.from(namespace).toString("base64"),
  };
}
