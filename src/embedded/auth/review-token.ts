import { serviceAccountUser } from "../rbac/index.js";
import type { UserInfo } from "../rbac/types.js";
import type { ObjectStore } from "../store/types.js";
import { requireResourceType } from "../resources/resource-types.js";
import type { TokenAuthority } from "./token-authority.js";

/** status of a TokenReview (authentication.k8s.io/v1). */
export interface TokenReviewStatus {
  authenticated: boolean;
  user?: UserInfo & { uid: string };
  audiences?: string[];
  error?: string;
}

/** Kubernetes' type of Secrets that hold a ServiceAccount token. */
export const SERVICE_ACCOUNT_TOKEN_SECRET_TYPE = "kubernetes.io/service-account-token";

const serviceAccounts = requireResourceType("", "serviceaccounts");
const secrets = requireResourceType("", "secrets");

/**
 * Reviews a bearer token: the signature and claims must verify for one of `audiences`, and the
 * objects it names must still exist — the ServiceAccount with the same uid, and for Secret tokens
 * the Secret (holding this very token, or with the bound uid). Deleting either revokes the token,
 * because this is checked on every review rather than cached.
 */
export async function reviewToken(store: ObjectStore, authority: TokenAuthority, token: string, audiences: readonly string[]): Promise<TokenReviewStatus> {
  const claims = await authority.verify(token, audiences);
  if (!claims) return { authenticated: false, error: "invalid bearer token" };
  const account = store.get(serviceAccounts, claims.namespace, claims.serviceAccount.name);
  if (!account || account.metadata.uid !== claims.serviceAccount.uid) {
    return { authenticated: false, error: "service account has been deleted or replaced" };
  }
  if (claims.secret) {
    const secret = store.get(secrets, claims.namespace, claims.secret.name);
    const data = secret?.["data"] as Record<string, string> | undefined;
    const stillValid = claims.secret.uid ? secret?.metadata.uid === claims.secret.uid : data?.["token"] === Buffer.from(token).toString("base64");
    if (!secret || !stillValid) return { authenticated: false, error: "the secret of this token has been deleted" };
  }
  return {
    authenticated: true,
    user: { ...serviceAccountUser(claims.namespace, claims.serviceAccount.name), uid: claims.serviceAccount.uid },
    audiences: claims.matchedAudiences,
  };
}
