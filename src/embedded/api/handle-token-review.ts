import { API_AUDIENCE } from "../auth/token-authority.js";
import { reviewToken } from "../auth/review-token.js";
import type { ApiDeps, Reply, ResourceRequest } from "./api-context.js";
import { decodeObject } from "./decode-object.js";

/**
 * POST tokenreviews (authentication.k8s.io/v1): validates spec.token for spec.audiences (default:
 * this API server's audience) and answers the review with `status {authenticated, user,
 * audiences}` or `{authenticated: false, error}`; a rejected token is an answer, not an error.
 */
export async function handleTokenReview(deps: ApiDeps, request: ResourceRequest): Promise<Reply> {
  const review = decodeObject(request.type, request.path, await request.object());
  const spec = (review["spec"] ?? {}) as { token?: string; audiences?: string[] };
  const audiences = spec.audiences && spec.audiences.length > 0 ? spec.audiences : [API_AUDIENCE];
  const status = spec.token ? await reviewToken(deps.store, deps.tokens, spec.token, audiences) : { authenticated: false, error: "no token" };
  return { code: 201, body: { ...review, status } };
}
