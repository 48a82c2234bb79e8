import type { KubeConfig, V1ResourceAttributes, V1SubjectAccessReviewStatus } from "@kubernetes/client-node";
import { kubeConfigWithToken, selfSubjectAccessReview, subjectAccessReview } from "../../kube/index.js";
import type { ServiceAccountRef } from "../claims-index/service-account-ref.js";
import { isUnauthorized, TokenRejectedError } from "../kubernetes/token-rejected-error.js";
import type { AccessAttributes } from "./access-attributes.js";

/** Access reviews through the Kubernetes API. Each resolves true when allowed, throws on API errors. */
export interface AccessReviewer {
  /** SubjectAccessReview (server credentials) for `system:serviceaccount:<ns>:<name>`. */
  asServiceAccount(serviceAccount: ServiceAccountRef, attributes: AccessAttributes): Promise<boolean>;
  /**
   * SelfSubjectAccessReview made with the caller's own token, so Kubernetes judges the caller.
   * Throws TokenRejectedError when the API no longer accepts the token (401).
   */
  asTokenOwner(token: string, attributes: AccessAttributes): Promise<boolean>;
}

/**
 * Creates an {@link AccessReviewer} on a KubeConfig. Reviews for mapped ServiceAccounts name the
 * user only, without groups, as Kargo does: a mapped user gets what is
 * bound to the ServiceAccount itself. The self review uses a configuration holding only the cluster
 * and the caller's token — never the server's own client certificate or token.
 */
export function createAccessReviewer(kubeConfig: KubeConfig): AccessReviewer {
  return {
    async asServiceAccount(serviceAccount, attributes) {
      const user = `system:serviceaccount:${serviceAccount.namespace}:${serviceAccount.name}`;
      return allowedBy(await subjectAccessReview(kubeConfig, user, toResourceAttributes(attributes)));
    },
    async asTokenOwner(token, attributes) {
      const callerConfig = kubeConfigWithToken(kubeConfig, token);
      let status: V1SubjectAccessReviewStatus | undefined;
      try {
        status = await selfSubjectAccessReview(callerConfig, toResourceAttributes(attributes));
      } catch (error) {
        // Revoked since its TokenReview was cached (ServiceAccount or Secret deleted): the caller's
        // problem, not an outage.
        if (isUnauthorized(error)) throw new TokenRejectedError({ cause: error });
        throw error;
      }
      return allowedBy(status);
    },
  };
}

// Allowed and not explicitly denied (a denying authorizer wins even when another allowed).
function allowedBy(status: V1SubjectAccessReviewStatus | undefined): boolean {
  return status?.allowed === true && status.denied !== true;
}

function toResourceAttributes(attributes: AccessAttributes): V1ResourceAttributes {
  return {
    verb: attributes.verb,
    group: attributes.group,
    resource: attributes.resource,
    subresource: attributes.subresource || undefined,
    namespace: attributes.namespace || undefined,
    name: attributes.name || undefined,
  };
}
