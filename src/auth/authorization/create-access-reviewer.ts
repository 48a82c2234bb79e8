import { KubeConfig, type V1ResourceAttributes, type V1SubjectAccessReviewStatus } from "@kubernetes/client-node";
import { kubeRequest, kubeRequestObserverOf, observeKubeRequests } from "../../kube/index.js";
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
  const cluster = kubeConfig.getCurrentCluster();
  return {
    async asServiceAccount(serviceAccount, attributes) {
      const review = await kubeRequest(kubeConfig, {
        method: "POST",
        path: "/apis/authorization.k8s.io/v1/subjectaccessreviews",
        body: {
          apiVersion: "authorization.k8s.io/v1",
          kind: "SubjectAccessReview",
          spec: { user: `system:serviceaccount:${serviceAccount.namespace}:${serviceAccount.name}`, resourceAttributes: toResourceAttributes(attributes) },
        },
      });
      return allowedBy(review);
    },
    async asTokenOwner(token, attributes) {
      if (cluster === null) {
        throw new Error("kubeconfig has no current cluster");
      }
      const callerConfig = new KubeConfig();
      callerConfig.loadFromOptions({
        clusters: [cluster],
        users: [{ name: "caller", token }],
        contexts: [{ name: "caller", cluster: cluster.name, user: "caller" }],
        currentContext: "caller",
      });
      const observer = kubeRequestObserverOf(kubeConfig);
      if (observer !== undefined) observeKubeRequests(callerConfig, observer);
      let review: unknown;
      try {
        review = await kubeRequest(callerConfig, {
          method: "POST",
          path: "/apis/authorization.k8s.io/v1/selfsubjectaccessreviews",
          body: { apiVersion: "authorization.k8s.io/v1", kind: "SelfSubjectAccessReview", spec: { resourceAttributes: toResourceAttributes(attributes) } },
        });
      } catch (error) {
        // Revoked since its TokenReview was cached (ServiceAccount or Secret deleted): the caller's
        // problem, not an outage.
        if (isUnauthorized(error)) throw new TokenRejectedError({ cause: error });
        throw error;
      }
      return allowedBy(review);
    },
  };
}

// Allowed and not explicitly denied (a denying authorizer wins even when another allowed).
function allowedBy(review: unknown): boolean {
  const status = (review as { status?: V1SubjectAccessReviewStatus } | undefined)?.status;
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
