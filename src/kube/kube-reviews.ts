import type { V1ResourceAttributes, V1SubjectAccessReviewStatus, V1TokenReviewStatus } from "@kubernetes/client-node";
import { KubeConfig } from "./client-node.js";
import { kubeRequest, kubeRequestObserverOf, observeKubeRequests } from "./kube-request.js";

/*
 * The Kubernetes API's reviews, on the one HTTP path (kubeRequest): TokenReview (whose is this
 * bearer token) and SubjectAccessReview / SelfSubjectAccessReview (may this user do that). Each
 * resolves to the review's `status`. Failures are kubeRequest's (errors carrying the HTTP `code`),
 * left to the caller to judge: what a refused token or an unreachable API means is src/auth's
 * decision, and it fails closed.
 */

/** TokenReview with the credentials of `kubeConfig` (the server's). */
export async function tokenReview(kubeConfig: KubeConfig, token: string): Promise<V1TokenReviewStatus | undefined> {
  const review = await kubeRequest(kubeConfig, {
    method: "POST",
    path: "/apis/authentication.k8s.io/v1/tokenreviews",
    body: { apiVersion: "authentication.k8s.io/v1", kind: "TokenReview", spec: { token } },
  });
  return (review as { status?: V1TokenReviewStatus }).status;
}

/** SubjectAccessReview of `user` (without groups), asked with the credentials of `kubeConfig`. */
export function subjectAccessReview(
  kubeConfig: KubeConfig,
  user: string,
  resourceAttributes: V1ResourceAttributes,
): Promise<V1SubjectAccessReviewStatus | undefined> {
  return accessReview(kubeConfig, "SubjectAccessReview", { user, resourceAttributes });
}

/** SelfSubjectAccessReview: Kubernetes judges whoever `kubeConfig` authenticates as (see {@link kubeConfigWithToken}). */
export function selfSubjectAccessReview(kubeConfig: KubeConfig, resourceAttributes: V1ResourceAttributes): Promise<V1SubjectAccessReviewStatus | undefined> {
  return accessReview(kubeConfig, "SelfSubjectAccessReview", { resourceAttributes });
}

async function accessReview(
  kubeConfig: KubeConfig,
  kind: "SubjectAccessReview" | "SelfSubjectAccessReview",
  spec: Record<string, unknown>,
): Promise<V1SubjectAccessReviewStatus | undefined> {
  const review = await kubeRequest(kubeConfig, {
    method: "POST",
    path: `/apis/authorization.k8s.io/v1/${kind.toLowerCase()}s`,
    body: { apiVersion: "authorization.k8s.io/v1", kind, spec },
  });
  return (review as { status?: V1SubjectAccessReviewStatus } | undefined)?.status;
}

/**
 * A configuration for the cluster of `kubeConfig` holding only `token` as credentials — never the
 * server's own client certificate or token — whose requests are observed (operator metrics) as
 * those of `kubeConfig` are. Throws when `kubeConfig` has no current cluster.
 */
export function kubeConfigWithToken(kubeConfig: KubeConfig, token: string): KubeConfig {
  const cluster = kubeConfig.getCurrentCluster();
  if (cluster === null) throw new Error("kubeconfig has no current cluster");
  const withToken = new KubeConfig();
  withToken.loadFromOptions({
    clusters: [cluster],
    users: [{ name: "caller", token }],
    contexts: [{ name: "caller", cluster: cluster.name, user: "caller" }],
    currentContext: "caller",
  });
  const observer = kubeRequestObserverOf(kubeConfig);
  if (observer !== undefined) observeKubeRequests(withToken, observer);
  return withToken;
}
