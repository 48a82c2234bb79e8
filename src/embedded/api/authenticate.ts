import type { IncomingHttpHeaders } from "node:http";
import { API_AUDIENCE } from "../auth/token-authority.js";
import { reviewToken } from "../auth/review-token.js";
import type { UserInfo } from "../rbac/types.js";
import { unauthorized } from "./api-error.js";
import type { ApiDeps } from "./api-context.js";

/**
 * The user behind a request's `Authorization: Bearer` token, reviewed for this API server's
 * audience exactly as a TokenReview would; a missing or rejected token is 401 Unauthorized.
 */
export async function authenticate(deps: ApiDeps, headers: IncomingHttpHeaders): Promise<UserInfo> {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(headers.authorization ?? "");
  if (!match) throw unauthorized();
  const review = await reviewToken(deps.store, deps.tokens, match[1]!, [API_AUDIENCE]);
  if (!review.authenticated || !review.user) throw unauthorized();
  return review.user;
}
