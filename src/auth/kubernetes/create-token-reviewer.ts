import type { KubeConfig, V1TokenReviewStatus } from "@kubernetes/client-node";
import { decodeJwt } from "jose";
import { tokenReview } from "../../kube/index.js";
import type { KubernetesIdentity } from "../identity.js";
import { attachKubernetesToken } from "../kubernetes-token-of.js";
import { serviceAccountOf } from "./service-account-of.js";

/**
 * Asks the Kubernetes API who a bearer token belongs to. `digest`: tokenDigest(token) when the
 * caller computed it already (a caching reviewer keys on it; others ignore it).
 */
export type TokenReviewer = (token: string, digest?: string) => Promise<KubernetesIdentity | undefined>;

/**
 * A TokenReview through the Kubernetes API with the server's credentials. Answers the identity
 * when `status.authenticated` is true, undefined when the API does not accept the token, and
 * throws when the API could not be asked (the caller maps that to UNAVAILABLE, never to success).
 */
export function createTokenReviewer(kubeConfig: KubeConfig): TokenReviewer {
  return async (token) => {
    let status: V1TokenReviewStatus | undefined;
    try {
      status = await tokenReview(kubeConfig, token);
    } catch (error) {
      // A 4xx answer means the API refused to consider this token at all: treat it as not accepted.
      const code = (error as { code?: number }).code;
      if (typeof code === "number" && code >= 400 && code < 500) {
        return undefined;
      }
      throw error;
    }
    const user = status?.user;
    if (status?.authenticated !== true || user?.username === undefined || user.username === "") {
      return undefined;
    }
    const identity: KubernetesIdentity = {
      kind: "kubernetes",
      username: user.username,
      uid: user.uid,
      groups: user.groups ?? [],
      serviceAccount: serviceAccountOf(user.username),
      expiresAt: expiryOf(token),
    };
    return attachKubernetesToken(identity, token);
  };
}

// The token was accepted by Kubernetes, so its `exp` (when it is a JWT) is informative for WhoAmI.
function expiryOf(token: string): Date | undefined {
  try {
    const { exp } = decodeJwt(token);
    return exp === undefined ? undefined : new Date(exp * 1000);
  } catch {
    return undefined;
  }
}
