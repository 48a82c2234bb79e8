import type { HandlerContext, ServiceImpl } from "@connectrpc/connect";
import type { AuthService } from "../../../gen/kargo/api/v1/auth_service_pb.js";
import type { RunningAuth } from "../../auth/start-auth.js";
import { createAuthService } from "./auth-service.js";

/**
 * AuthService over running authentication: the admin account, the login rate limiter and the
 * claims index come from `auth` (services import auth, never the other way round).
 */
export function authServiceOf(auth: RunningAuth, clientAddressOf: (context: HandlerContext) => string): ServiceImpl<typeof AuthService> {
  return createAuthService({ admin: auth.adminAccount, rateLimiter: auth.loginRateLimiter, claimsIndex: auth.claimsIndex, clientAddressOf });
}
